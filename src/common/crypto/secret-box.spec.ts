import { randomBytes } from 'node:crypto';
import { openSecret, parseEncryptionKey, sealSecret } from './secret-box.js';

const TAMPERED = 'Sealed secret could not be opened: wrong key or tampered data';

describe('sealSecret and openSecret (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it.each([
    ['a TOTP secret', 'JBSWY3DPEHPK3PXP'],
    ['an empty string', ''],
    ['non-ASCII text', 'Ssebo, ekyama kyange 🔐'],
    ['a kilobyte', 'x'.repeat(1024)],
  ])('round-trips %s', (_case, plaintext) => {
    expect(openSecret(sealSecret(plaintext, key), key)).toBe(plaintext);
  });

  it('writes v1, a 12-byte IV, a 16-byte tag and the ciphertext in base64url', () => {
    const [version, iv, tag, ciphertext] = sealSecret('JBSWY3DPEHPK3PXP', key).split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(16);
    expect([iv, tag, ciphertext].join('')).toMatch(/^[\w-]+$/);
  });

  it('seals the same plaintext differently each time, never showing it', () => {
    const a = sealSecret('JBSWY3DPEHPK3PXP', key);
    const b = sealSecret('JBSWY3DPEHPK3PXP', key);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(a).not.toContain(Buffer.from('JBSWY3DPEHPK3PXP').toString('base64url'));
  });

  it.each([
    ['IV', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('detects a changed %s', (_part, index) => {
    const parts = sealSecret('JBSWY3DPEHPK3PXP', key).split('.');
    const bytes = Buffer.from(parts[index], 'base64url');
    bytes[0] ^= 1;
    parts[index] = bytes.toString('base64url');
    expect(() => openSecret(parts.join('.'), key)).toThrow(TAMPERED);
  });

  it('refuses a truncated tag, which would be easier to forge', () => {
    const parts = sealSecret('JBSWY3DPEHPK3PXP', key).split('.');
    parts[2] = Buffer.from(parts[2], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => openSecret(parts.join('.'), key)).toThrow(TAMPERED);
  });

  it('refuses a wrong key', () => {
    expect(() => openSecret(sealSecret('JBSWY3DPEHPK3PXP', key), randomBytes(32))).toThrow(TAMPERED);
  });

  it.each(['JBSWY3DPEHPK3PXP', '', 'v1.a.b', 'v2.a.b.c', 'v1.a.b.c.d'])(
    'refuses the unknown format %p',
    (sealed) => {
      expect(() => openSecret(sealed, key)).toThrow(
        'Not a sealed secret: expected v1.<iv>.<tag>.<ciphertext>',
      );
    },
  );

  it('refuses a version it does not know even when the rest is sound', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', key).replace(/^v1\./, 'v2.');
    expect(() => openSecret(sealed, key)).toThrow(/Not a sealed secret/);
  });
});

describe('parseEncryptionKey', () => {
  it('decodes a base64 key of 32 bytes', () => {
    const bytes = randomBytes(32);
    expect(parseEncryptionKey(bytes.toString('base64'), 'TOTP_ENCRYPTION_KEY')).toEqual(bytes);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64'), 16],
    ['33 bytes', randomBytes(33).toString('base64'), 33],
    ['hex instead of base64', randomBytes(32).toString('hex'), 48],
    ['nothing', '', 0],
  ])('refuses %s, naming the variable and how to make a key', (_case, value, decoded) => {
    expect(() => parseEncryptionKey(value, 'TOTP_ENCRYPTION_KEY')).toThrow(
      `TOTP_ENCRYPTION_KEY must be 32 bytes in base64 but decodes to ${decoded} ` +
        '(try: openssl rand -base64 32)',
    );
  });
});
