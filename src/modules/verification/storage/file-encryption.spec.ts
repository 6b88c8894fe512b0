import { randomBytes } from 'node:crypto';
import { decryptFile, encryptFile } from './file-encryption.js';

describe('document file encryption', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096)]);

  it('round-trips, and the stored bytes do not contain the plaintext', () => {
    const sealed = encryptFile(plaintext, key, 'doc-1');
    expect(sealed.includes(plaintext.subarray(0, 64))).toBe(false);
    expect(decryptFile(sealed, key, 'doc-1').equals(plaintext)).toBe(true);
  });

  it('uses a fresh IV per file', () => {
    expect(encryptFile(plaintext, key, 'doc-1').equals(encryptFile(plaintext, key, 'doc-1'))).toBe(false);
  });

  it('refuses a wrong key, a wrong document id, a flipped byte and a truncated file', () => {
    const sealed = encryptFile(plaintext, key, 'doc-1');
    expect(() => decryptFile(sealed, randomBytes(32), 'doc-1')).toThrow(/wrong key or tampered/);
    expect(() => decryptFile(sealed, key, 'doc-2')).toThrow(/wrong key or tampered/);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => decryptFile(flipped, key, 'doc-1')).toThrow(/wrong key or tampered/);
    expect(() => decryptFile(sealed.subarray(0, 20), key, 'doc-1')).toThrow(/Not an encrypted/);
  });
});
