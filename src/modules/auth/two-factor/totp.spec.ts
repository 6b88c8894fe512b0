import { base32Decode, base32Encode, currentTotpCounter, otpauthUrl, totpAt, verifyTotp } from './totp.js';

// RFC 6238 Appendix B, SHA-1 key "12345678901234567890"; the last 6 of its 8-digit values.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('at unix time %d the code is %s', (seconds, code) => {
    expect(totpAt(RFC_SECRET, currentTotpCounter(seconds * 1000))).toBe(code);
  });

  it('accepts the neighbouring steps within the window and answers the matched step', () => {
    const now = 1234567890_000;
    const counter = currentTotpCounter(now);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, counter - 1), now)).toBe(counter - 1);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, counter + 1), now)).toBe(counter + 1);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, counter + 2), now)).toBeNull();
  });

  it.each(['12345', '1234567', 'abcdef', ''])('refuses the malformed code %p', (code) => {
    expect(verifyTotp(RFC_SECRET, code, Date.now())).toBeNull();
  });

  it('round-trips base32 and matches the RFC 4648 vectors', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('builds an otpauth URL authenticator apps read', () => {
    const url = new URL(otpauthUrl({ issuer: 'Qgig', account: 'a+b@example.ug', secret: 'JBSWY3DP' }));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Qgig:a+b@example.ug');
    expect(url.searchParams.get('secret')).toBe('JBSWY3DP');
    expect(url.searchParams.get('issuer')).toBe('Qgig');
  });
});
