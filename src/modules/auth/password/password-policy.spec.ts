import { passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password, from exactly 10 characters', () => {
    expect(passwordProblem('Kampala-sunrise-2026')).toBeNull();
    expect(passwordProblem('x7#kQ2!mzP')).toBeNull();
  });

  it('refuses fewer than 10 characters', () => {
    expect(passwordProblem('x7#kQ2!mz')).toMatch(/at least 10/);
  });

  it('refuses more than 72 bytes, counting multibyte characters as bcrypt does', () => {
    expect(passwordProblem('é'.repeat(37))).toMatch(/at most 72 bytes/);
    expect(passwordProblem('a'.repeat(72))).toBeNull();
  });

  it.each(['1234567890', 'QWERTYUIOP', 'Password123', ' password123 '])(
    'refuses the common password %p',
    (pw) => {
      expect(passwordProblem(pw)).toMatch(/most common/);
    },
  );
});
