import { normalizeUgandanMobile } from './uganda-phone.js';

describe('normalizeUgandanMobile', () => {
  it.each([
    '0772123456',
    '0772 123 456',
    '0772-123-456',
    '+256 772 123 456',
    '+256772123456',
    '256772123456',
    '00256772123456',
    '+256 (0) 772 123456',
    '772123456',
  ])('reads %s as +256772123456', (input) => {
    expect(normalizeUgandanMobile(input)).toEqual({ ok: true, e164: '+256772123456' });
  });

  it('refuses a landline as not a mobile number', () => {
    expect(normalizeUgandanMobile('+256 414 123456')).toEqual({
      ok: false,
      message: expect.stringMatching(/mobile/),
    });
    expect(normalizeUgandanMobile('0414123456')).toEqual({
      ok: false,
      message: expect.stringMatching(/mobile/),
    });
  });

  it('refuses another country', () => {
    expect(normalizeUgandanMobile('+254712345678')).toEqual({
      ok: false,
      message: expect.stringMatching(/Ugandan/),
    });
  });

  it.each(['07721', '07721234567', '0772abc456', '', '+'])('refuses %p with the expected form', (input) => {
    expect(normalizeUgandanMobile(input)).toEqual({
      ok: false,
      message: expect.stringMatching(/0772 123 456/),
    });
  });
});
