import { base32Encode, currentTotpCounter, totpAt, verifyTotp } from './totp.js';

const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP with another step (attendance codes: 60 s)', () => {
  it('counts steps of the given length', () => {
    expect(currentTotpCounter(59_999, 60)).toBe(0);
    expect(currentTotpCounter(60_000, 60)).toBe(1);
    expect(currentTotpCounter(1111111109_000, 60)).toBe(Math.floor(1111111109 / 60));
  });

  it('accepts the current code and one step either side, and nothing further', () => {
    const now = 1234567890_000;
    const step = currentTotpCounter(now, 60);
    for (const offset of [-1, 0, 1]) {
      expect(verifyTotp(SECRET, totpAt(SECRET, step + offset), now, 1, 60)).toBe(step + offset);
    }
    for (const offset of [-2, 2]) {
      const code = totpAt(SECRET, step + offset);
      const neighbours = [-1, 0, 1].map((o) => totpAt(SECRET, step + o));
      if (!neighbours.includes(code)) expect(verifyTotp(SECRET, code, now, 1, 60)).toBeNull();
    }
  });

  it('keeps 30 s as the default, so 2FA is unchanged', () => {
    expect(currentTotpCounter(90_000)).toBe(3);
    expect(verifyTotp(SECRET, '005924', 1234567890_000)).toBe(currentTotpCounter(1234567890_000));
  });
});
