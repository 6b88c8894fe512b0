import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 10;
/** bcrypt ignores every byte past the 72nd, so a longer password would be silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

/** Null when the password is acceptable, else one sentence saying what to change. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    const max = PASSWORD_MAX_BYTES;
    return `must be at most ${max} bytes long (${max} plain letters, fewer with accents or emoji)`;
  }
  if (COMMON_PASSWORDS.has(password.trim().toLowerCase())) {
    return 'is one of the most common passwords; choose something less guessable';
  }
  return null;
}
