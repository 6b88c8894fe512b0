import { COMMON_PASSWORDS } from './common-passwords.js';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('Kampala-sunrise-2026')).toBeNull();
  });

  it('accepts exactly 10 characters and refuses 9', () => {
    expect(passwordProblem('x7#kQ2!mzP')).toBeNull();
    expect(passwordProblem('x7#kQ2!mz')).toBe('must be at least 10 characters long');
    expect(passwordProblem('')).toMatch(/at least 10 characters/);
  });

  it('counts characters, not bytes or UTF-16 units, towards the minimum', () => {
    expect(passwordProblem('🔑'.repeat(9))).toMatch(/at least 10 characters/);
    expect(passwordProblem('🔑'.repeat(10))).toBeNull();
  });

  it('accepts 72 bytes and refuses 73, counting multibyte characters as bcrypt does', () => {
    expect(passwordProblem('a'.repeat(72))).toBeNull();
    expect(passwordProblem('é'.repeat(36))).toBeNull();
    expect(passwordProblem('é'.repeat(36) + 'a')).toMatch(/at most 72 bytes/);
    expect(passwordProblem('a'.repeat(73))).toMatch(/at most 72 bytes/);
  });

  it.each(['1234567890', 'qwertyuiop', 'QWERTYUIOP', 'Password123', 'PASSWORD123', ' password123 '])(
    'refuses the common password %p in any case, ignoring surrounding spaces',
    (password) => {
      expect(passwordProblem(password)).toBe(
        'is one of the most common passwords; choose something less guessable',
      );
    },
  );

  it('exports the limits it enforces', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(PASSWORD_MAX_BYTES).toBe(72);
  });
});

describe('COMMON_PASSWORDS', () => {
  it('holds a few thousand trimmed, lower-cased entries of at least 10 characters', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(2000);
    const malformed = [...COMMON_PASSWORDS].filter(
      (p) => p !== p.trim().toLowerCase() || [...p].length < PASSWORD_MIN_LENGTH,
    );
    expect(malformed).toEqual([]);
  });

  it.each(['1234567890', 'qwertyuiop', 'password123', '1q2w3e4r5t', 'basketball'])('includes %p', (p) => {
    expect(COMMON_PASSWORDS.has(p)).toBe(true);
  });
});
