/**
 * A professional's reliability, pure. Every booked shift ends one of three ways that count: completed, a
 * late withdrawal (under 24 h before the start) or a no-show (unless overturned). The score is the share of
 * the last SCORE_WINDOW shifts that ended so that were completed without a late withdrawal or a no-show;
 * shifts still ahead, and those cancelled by the institution or left in time, do not count either way. A
 * newcomer (nothing counted yet) scores 1.0. reliability.sql.ts computes the same in SQL for candidates.
 */

export const SCORE_WINDOW = 20;
/** Three no-shows within this window block accepting … */
export const NO_SHOW_WINDOW_MS = 90 * 86_400_000;
export const NO_SHOWS_TO_BLOCK = 3;
/** … for this long. */
export const BLOCK_MS = 7 * 86_400_000;

/** What the reliability events say about one job of the professional. */
export interface ShiftRecord {
  jobId: string;
  /** The job's first reliability event: orders the shifts. */
  firstAt: Date;
  booked: boolean;
  completed: boolean;
  lateWithdrawal: boolean;
  noShow: boolean;
  noShowOverturned: boolean;
}

function failed(shift: ShiftRecord): boolean {
  return shift.lateWithdrawal || (shift.noShow && !shift.noShowOverturned);
}

/** The shift ended in a way that counts: completed, withdrawn late, or not attended. */
export function counts(shift: ShiftRecord): boolean {
  return shift.completed || failed(shift);
}

/** Share of the last SCORE_WINDOW counted shifts completed without failing, to 4 decimals; 1 for newcomers. */
export function reliabilityScore(shifts: readonly ShiftRecord[]): number {
  const window = shifts
    .filter(counts)
    .sort(
      (a, b) =>
        b.firstAt.getTime() - a.firstAt.getTime() || (a.jobId < b.jobId ? 1 : a.jobId > b.jobId ? -1 : 0),
    )
    .slice(0, SCORE_WINDOW);
  if (window.length === 0) return 1;
  const good = window.filter((shift) => shift.completed && !failed(shift)).length;
  return Math.round((good / window.length) * 10_000) / 10_000;
}

export interface ReliabilityCounts {
  score: number;
  bookedShifts: number;
  lateWithdrawals: number;
  noShows: number;
}

/** The score and the professional's totals (no-shows overturned are not counted). */
export function reliabilityOf(shifts: readonly ShiftRecord[]): ReliabilityCounts {
  return {
    score: reliabilityScore(shifts),
    bookedShifts: shifts.filter((shift) => shift.booked).length,
    lateWithdrawals: shifts.filter((shift) => shift.lateWithdrawal).length,
    noShows: shifts.filter((shift) => shift.noShow && !shift.noShowOverturned).length,
  };
}

/** Whether `noShowsInWindow` (including one just recorded) blocks accepting. */
export function blocksAccepting(noShowsInWindow: number): boolean {
  return noShowsInWindow >= NO_SHOWS_TO_BLOCK;
}
