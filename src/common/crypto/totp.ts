import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * RFC 6238 time-based one-time codes (RFC 4226 HOTP over a time step): 2FA with authenticator apps (30 s
 * step) and shift attendance codes (60 s step, src/modules/shifts).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** The step authenticator apps use (RFC 6238's default); other codes (attendance) pass their own. */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;

/** RFC 4648 base32, without padding (authenticator apps expect none). */
export function base32Encode(buffer: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of buffer) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += ALPHABET[(value << (5 - bits)) & 31];
  return output;
}

/** RFC 4648 base32, tolerating lower case, spaces and padding as people type or paste secrets. */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`Not a base32 character: ${JSON.stringify(char)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** 160 random bits, the HMAC-SHA1 key size RFC 4226 recommends. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The time step `nowMs` falls in: whole `stepSeconds` since the epoch. */
export function currentTotpCounter(nowMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(nowMs / 1000 / stepSeconds);
}

/** RFC 6238 / RFC 4226: HMAC-SHA1 of the counter, dynamically truncated to 6 digits. */
export function totpAt(secretBase32: string, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secretBase32)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The matched time step within ±window steps of now (clock drift), or null. */
export function verifyTotp(
  secretBase32: string,
  code: string,
  nowMs: number,
  window = 1,
  stepSeconds = TOTP_STEP_SECONDS,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = currentTotpCounter(nowMs, stepSeconds);
  for (let counter = Math.max(0, current - window); counter <= current + window; counter++) {
    if (timingSafeEqual(Buffer.from(totpAt(secretBase32, counter)), Buffer.from(code))) return counter;
  }
  return null;
}

export interface OtpauthParams {
  issuer: string;
  account: string;
  secret: string;
}

/** Key URI for authenticator apps (Google Authenticator's "Key Uri Format"). */
export function otpauthUrl({ issuer, account, secret }: OtpauthParams): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = {
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(DIGITS),
    period: String(TOTP_STEP_SECONDS),
  };
  // encodeURIComponent rather than URLSearchParams: some apps show a form-encoded "+" literally.
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `otpauth://totp/${label}?${query}`;
}
