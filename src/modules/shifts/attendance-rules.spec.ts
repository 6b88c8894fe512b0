import { generateTotpSecret } from '../../common/crypto/totp.js';
import {
  afterCodeFailure,
  attendanceCodeAt,
  checkInWindow,
  codeAttemptsBlockedFor,
  matchAttendanceCode,
  noShowFrom,
} from './attendance-rules.js';

// 08:00–17:00 Kampala (UTC+3) on 15 March 2027.
const job = { starts_at: new Date('2027-03-15T05:00:00Z'), ends_at: new Date('2027-03-15T14:00:00Z') };
const at = (iso: string) => new Date(iso);

describe('attendance windows, from the job’s instants', () => {
  it('opens check-in 30 minutes before the start and closes it at the planned end', () => {
    expect(checkInWindow(job, at('2027-03-15T04:29:00Z'))).toBe('early');
    expect(checkInWindow(job, at('2027-03-15T04:30:00Z'))).toBe('open');
    expect(checkInWindow(job, at('2027-03-15T14:00:00Z'))).toBe('open');
    expect(checkInWindow(job, at('2027-03-15T14:00:01Z'))).toBe('closed');
  });

  it('allows a no-show report from an hour after the start', () => {
    expect(noShowFrom(job)).toEqual(at('2027-03-15T06:00:00Z'));
  });
});

describe('attendance codes: 6 digits, 60-second steps, ±1 step', () => {
  const secret = generateTotpSecret();
  const now = at('2027-03-15T04:45:10Z');

  it('shows a 6-digit code that expires at the end of its minute', () => {
    const shown = attendanceCodeAt(secret, now);
    expect(shown.code).toMatch(/^\d{6}$/);
    expect(shown.expiresAt).toEqual(at('2027-03-15T04:46:00Z'));
  });

  it('accepts it for the next step, not two steps later', () => {
    const shown = attendanceCodeAt(secret, now);
    expect(matchAttendanceCode(secret, shown.code, now)).toBe(shown.step);
    expect(matchAttendanceCode(secret, shown.code, new Date(now.getTime() + 60_000))).toBe(shown.step);
    const later = new Date(now.getTime() + 120_000);
    const nearby = [1, 2, 3].map((offset) =>
      attendanceCodeAt(secret, new Date(now.getTime() + offset * 60_000)),
    );
    if (!nearby.some((code) => code.code === shown.code)) {
      expect(matchAttendanceCode(secret, shown.code, later)).toBeNull();
    }
  });
});

describe('wrong-code rate limit: 5 in 10 minutes', () => {
  const start = at('2027-03-15T05:00:00Z');
  const plus = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  it('counts failures within a window that opens at the first one', () => {
    let failures = { code_failures: 0, code_failures_since: null as Date | null };
    for (let i = 0; i < 5; i++) {
      expect(codeAttemptsBlockedFor(failures, plus(i))).toBe(0);
      const next = afterCodeFailure(failures, plus(i));
      failures = { code_failures: next.count, code_failures_since: next.since };
    }
    expect(failures).toEqual({ code_failures: 5, code_failures_since: start });
    expect(codeAttemptsBlockedFor(failures, plus(5))).toBe(595);
    expect(codeAttemptsBlockedFor(failures, plus(600))).toBe(0);
  });

  it('starts a new window once ten minutes passed', () => {
    expect(afterCodeFailure({ code_failures: 4, code_failures_since: start }, plus(600))).toEqual({
      count: 1,
      since: plus(600),
    });
  });
});
