import { currentTotpCounter, totpAt, verifyTotp } from '../../common/crypto/totp.js';

/**
 * The time rules of attendance, as pure functions of the job's instants (starts_at / ends_at) and the
 * Clock's now: every boundary is an offset from an instant, so the server's zone never matters.
 */
export const CODE_STEP_SECONDS = 60;
/** A code is accepted one step either side of now (the institution's screen and the phone drift). */
export const CODE_WINDOW_STEPS = 1;
/** Check-in opens this long before the start. */
export const CHECK_IN_OPENS_MINUTES = 30;
/** The institution may report a no-show this long after the start without a check-in. */
export const NO_SHOW_AFTER_MINUTES = 60;
/** Wrong codes per job before further attempts are refused (429) until the window ends. */
export const MAX_CODE_FAILURES = 5;
export const CODE_FAILURE_WINDOW_MINUTES = 10;

const MINUTE = 60_000;

export interface ShiftInstants {
  starts_at: Date;
  ends_at: Date;
}

export function checkInOpensAt(job: ShiftInstants): Date {
  return new Date(job.starts_at.getTime() - CHECK_IN_OPENS_MINUTES * MINUTE);
}

export function noShowFrom(job: ShiftInstants): Date {
  return new Date(job.starts_at.getTime() + NO_SHOW_AFTER_MINUTES * MINUTE);
}

/** Where `now` stands against check-in: before it opens, open (until the planned end), or closed. */
export function checkInWindow(job: ShiftInstants, now: Date): 'early' | 'open' | 'closed' {
  if (now < checkInOpensAt(job)) return 'early';
  return now <= job.ends_at ? 'open' : 'closed';
}

/** The code shown at `now`, and when the next one replaces it. */
export function attendanceCodeAt(secret: string, now: Date): { code: string; step: number; expiresAt: Date } {
  const step = currentTotpCounter(now.getTime(), CODE_STEP_SECONDS);
  return {
    code: totpAt(secret, step),
    step,
    expiresAt: new Date((step + 1) * CODE_STEP_SECONDS * 1000),
  };
}

/** The step a typed code belongs to, within ±1 step of now; null when wrong or stale. */
export function matchAttendanceCode(secret: string, code: string, now: Date): number | null {
  return verifyTotp(secret, code, now.getTime(), CODE_WINDOW_STEPS, CODE_STEP_SECONDS);
}

export interface CodeFailures {
  code_failures: number;
  code_failures_since: Date | null;
}

/** Seconds until attempts are allowed again, or 0 when they are allowed now. */
export function codeAttemptsBlockedFor(failures: CodeFailures, now: Date): number {
  if (failures.code_failures < MAX_CODE_FAILURES || !failures.code_failures_since) return 0;
  const until = failures.code_failures_since.getTime() + CODE_FAILURE_WINDOW_MINUTES * MINUTE;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** The counter after one more wrong code: a window opens at the first failure and lasts ten minutes. */
export function afterCodeFailure(failures: CodeFailures, now: Date): { count: number; since: Date } {
  const since = failures.code_failures_since;
  const windowOver = !since || now.getTime() - since.getTime() >= CODE_FAILURE_WINDOW_MINUTES * MINUTE;
  return windowOver ? { count: 1, since: now } : { count: failures.code_failures + 1, since };
}
