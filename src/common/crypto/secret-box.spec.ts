import { randomBytes } from 'node:crypto';
import { openSecret, parseEncryptionKey, sealSecret } from './secret-box.js';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('opens what it sealed, with a different ciphertext each time', () => {
    const a = sealSecret('JBSWY3DPEHPK3PXP', key);
    const b = sealSecret('JBSWY3DPEHPK3PXP', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(a, key)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses tampered data, a wrong key and an unknown format', () => {
    const sealed = sealSecret('secret', key);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other!').toString('base64url');
    expect(() => openSecret(parts.join('.'), key)).toThrow(/tampered/);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(/wrong key/);
    expect(() => openSecret('plain', key)).toThrow(/Not a sealed secret/);
  });

  it('needs a 32-byte key and names the variable otherwise', () => {
    expect(parseEncryptionKey(randomBytes(32).toString('base64'), 'K')).toHaveLength(32);
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'), 'TOTP_ENCRYPTION_KEY')).toThrow(
      /TOTP_ENCRYPTION_KEY must be 32 bytes/,
    );
  });
});
