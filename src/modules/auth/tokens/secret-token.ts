import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token for a URL or a client to keep; only its hash is ever stored. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 is enough for 256-bit random tokens: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
