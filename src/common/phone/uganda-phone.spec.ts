import { validateSync } from 'class-validator';
import { IsUgandanMobile, normalizeUgandanMobile, UGANDA_MOBILE_EXAMPLE } from './uganda-phone.js';

const EXPECTED = 'must be a Ugandan mobile number such as 0772 123 456 or +256 772 123 456';

describe('normalizeUgandanMobile', () => {
  it.each([
    '0772123456',
    '0772 123 456',
    '0772-123-456',
    '0772.123.456',
    '(0772) 123 456',
    ' 0772123456 ',
    '772123456',
    '+256772123456',
    '+256 772 123 456',
    '+256-772-123-456',
    '+256 (0) 772 123456',
    '+2560772123456',
    '256772123456',
    '256 772 123 456',
    '256 (0) 772 123 456',
    '00256772123456',
    '00 256 772 123 456',
  ])('reads %p as +256772123456', (input) => {
    expect(normalizeUgandanMobile(input)).toEqual({ ok: true, e164: '+256772123456', network: 'MTN' });
  });

  it.each([
    ['0700123456', 'Airtel'],
    ['0742345678', 'Airtel'],
    ['0752345678', 'Airtel'],
    ['0762345678', 'MTN'],
    ['0772345678', 'MTN'],
    ['0789999999', 'MTN'],
    ['0712345678', null],
    ['0720123456', null],
    ['0799000000', null],
  ])('accepts the mobile range of %p and names its network (%p)', (input, network) => {
    expect(normalizeUgandanMobile(input)).toEqual({ ok: true, e164: `+256${input.slice(1)}`, network });
  });

  it.each(['0722123456', '0733123456', '0796123456', '+256 797 123 456'])(
    'refuses %p, a 07… number outside the allocated mobile ranges',
    (input) => {
      expect(normalizeUgandanMobile(input)).toEqual({ ok: false, message: EXPECTED });
    },
  );

  it('gives an example that it accepts unchanged', () => {
    expect(normalizeUgandanMobile(UGANDA_MOBILE_EXAMPLE)).toMatchObject({
      ok: true,
      e164: UGANDA_MOBILE_EXAMPLE,
    });
  });

  it.each([
    '+256 414 123456',
    '0414 123 456',
    '0312 345 678',
    '256414123456',
    '0200 123 456',
    '0512 345 678',
  ])('refuses the landline %p as not a mobile number', (input) => {
    expect(normalizeUgandanMobile(input)).toEqual({
      ok: false,
      message: 'must be a mobile number (07…), not a landline: for example 0772 123 456',
    });
  });

  it.each(['+254712345678', '00254712345678', '+1 202 555 0123', '+44 7700 900123'])(
    'refuses the foreign number %p as not Ugandan',
    (input) => {
      expect(normalizeUgandanMobile(input)).toEqual({
        ok: false,
        message: 'must be a Ugandan number (+256): only Ugandan mobile numbers are accepted',
      });
    },
  );

  it.each([
    ['too short', '07721'],
    ['one digit short', '077212345'],
    ['one digit long', '07721234567'],
    ['too long after +256', '+256 772 123 4567'],
    ['letters', '0772abc456'],
    ['spelled out', 'zero seven seven two'],
    ['an extension', '0772123456 ext 2'],
    ['a plus in the middle', '0772+123456'],
    ['empty', ''],
    ['blank', '   '],
    ['a lone plus', '+'],
    ['a lone country code', '+256'],
  ])('refuses %s (%p) with the expected form', (_case, input) => {
    expect(normalizeUgandanMobile(input)).toEqual({ ok: false, message: EXPECTED });
  });
});

describe('IsUgandanMobile', () => {
  class Form {
    @IsUgandanMobile()
    phone: unknown;
  }

  function errorsFor(phone: unknown): string[] {
    const form = Object.assign(new Form(), { phone });
    return validateSync(form).flatMap((error) => Object.values(error.constraints ?? {}));
  }

  it('passes any accepted form', () => {
    expect(errorsFor('0772 123 456')).toEqual([]);
    expect(errorsFor('+256 772 123 456')).toEqual([]);
  });

  it("reports normalizeUgandanMobile's message after the property name", () => {
    expect(errorsFor('+256 414 123456')).toEqual([
      'phone must be a mobile number (07…), not a landline: for example 0772 123 456',
    ]);
    expect(errorsFor('+254712345678')).toEqual([
      'phone must be a Ugandan number (+256): only Ugandan mobile numbers are accepted',
    ]);
    expect(errorsFor('0772')).toEqual([`phone ${EXPECTED}`]);
  });

  it('refuses values that are not strings with the expected form', () => {
    expect(errorsFor(772123456)).toEqual([`phone ${EXPECTED}`]);
    expect(errorsFor(undefined)).toEqual([`phone ${EXPECTED}`]);
  });

  it('honours validation options such as a custom message', () => {
    class Custom {
      @IsUgandanMobile({ message: 'enter your MTN or Airtel number' })
      phone = '0414123456';
    }
    const [error] = validateSync(new Custom());
    expect(error.constraints).toEqual({ isUgandanMobile: 'enter your MTN or Airtel number' });
  });
});
