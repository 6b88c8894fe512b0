import { randomBytes } from 'node:crypto';
import {
  base32Decode,
  base32Encode,
  currentTotpCounter,
  generateTotpSecret,
  otpauthUrl,
  totpAt,
  verifyTotp,
} from './totp.js';

// The SHA-1 key of RFC 4226 Appendix D and RFC 6238 Appendix B.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('totpAt', () => {
  // RFC 6238 Appendix B gives 8 digits; a 6-digit code is the same truncation's last 6 digits.
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('matches RFC 6238 at unix time %d: %s', (seconds, code) => {
    expect(totpAt(RFC_SECRET, currentTotpCounter(seconds * 1000))).toBe(code);
  });

  it('matches the RFC 4226 HOTP values for counters 0 to 9', () => {
    const codes = Array.from({ length: 10 }, (_, counter) => totpAt(RFC_SECRET, counter));
    expect(codes).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]);
  });
});

describe('currentTotpCounter', () => {
  it('counts 30-second steps since the epoch', () => {
    expect(currentTotpCounter(0)).toBe(0);
    expect(currentTotpCounter(29_999)).toBe(0);
    expect(currentTotpCounter(30_000)).toBe(1);
    expect(currentTotpCounter(1111111109_000)).toBe(0x23523ec);
  });
});

describe('verifyTotp', () => {
  const now = 1234567890_000;
  const counter = currentTotpCounter(now);
  const codeAt = (step: number) => totpAt(RFC_SECRET, step);

  it('answers the current step for the current code', () => {
    expect(verifyTotp(RFC_SECRET, '005924', now)).toBe(counter);
  });

  it('accepts one step either side by default and answers the matched step', () => {
    expect(verifyTotp(RFC_SECRET, codeAt(counter - 1), now)).toBe(counter - 1);
    expect(verifyTotp(RFC_SECRET, codeAt(counter + 1), now)).toBe(counter + 1);
    expect(verifyTotp(RFC_SECRET, codeAt(counter - 2), now)).toBeNull();
    expect(verifyTotp(RFC_SECRET, codeAt(counter + 2), now)).toBeNull();
  });

  it('accepts only the current step with a window of 0, and two steps either side with 2', () => {
    expect(verifyTotp(RFC_SECRET, codeAt(counter), now, 0)).toBe(counter);
    expect(verifyTotp(RFC_SECRET, codeAt(counter + 1), now, 0)).toBeNull();
    expect(verifyTotp(RFC_SECRET, codeAt(counter - 2), now, 2)).toBe(counter - 2);
    expect(verifyTotp(RFC_SECRET, codeAt(counter + 2), now, 2)).toBe(counter + 2);
  });

  it('refuses a well-formed code from no step in the window', () => {
    const code = codeAt(counter) === '000000' ? '000001' : '000000';
    expect(verifyTotp(RFC_SECRET, code, now)).toBeNull();
  });

  it('looks at no step before the epoch', () => {
    expect(verifyTotp(RFC_SECRET, codeAt(0), 0)).toBe(0);
    expect(verifyTotp(RFC_SECRET, codeAt(1), 0)).toBe(1);
  });

  it.each([
    '',
    '12345',
    '1234567',
    '89005924',
    'abcdef',
    '00592a',
    ' 005924',
    '005 924',
    '００５９２４',
    '٠٠٥٩٢٤',
  ])('refuses the malformed code %p', (code) => {
    expect(verifyTotp(RFC_SECRET, code, now)).toBeNull();
  });
});

describe('generateTotpSecret', () => {
  it('makes 20 random bytes in unpadded base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('base32', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes the RFC 4648 vector %p as %p without padding', (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(text);
  });

  it('decodes padded, lower-case and spaced input', () => {
    expect(base32Decode('MZXW6YQ=').toString()).toBe('foob');
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
  });

  it('round-trips any bytes', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = randomBytes(length);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it.each(['MZXW1', 'MZXW0', 'MZXW8', 'MZ-XW'])('refuses %p, which is not base32', (input) => {
    expect(() => base32Decode(input)).toThrow(/Not a base32 character/);
  });
});

describe('otpauthUrl', () => {
  it('builds the key URI authenticator apps read', () => {
    expect(otpauthUrl({ issuer: 'Qgig', account: 'amina@example.ug', secret: 'JBSWY3DPEHPK3PXP' })).toBe(
      'otpauth://totp/Qgig:amina%40example.ug' +
        '?secret=JBSWY3DPEHPK3PXP&issuer=Qgig&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('percent-encodes the label and parameters', () => {
    const uri = otpauthUrl({ issuer: 'Qgig Uganda', account: 'a+b:c@example.ug', secret: 'JBSWY3DP' });
    expect(uri).toContain('/Qgig%20Uganda:a%2Bb%3Ac%40example.ug?');
    expect(uri).toContain('&issuer=Qgig%20Uganda&');
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Qgig Uganda:a+b:c@example.ug');
    expect(url.searchParams.get('secret')).toBe('JBSWY3DP');
    expect(url.searchParams.get('issuer')).toBe('Qgig Uganda');
  });
});
