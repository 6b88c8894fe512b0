import { feeOf } from '../../common/money.js';
import type { RateType } from './job.entity.js';

/**
 * The cancellation policy, pure: who cancels when, and what it costs. Everything is computed from the job's
 * instants (`startsAt`, `endsAt`: Kampala wall-clock turned into instants when the job was posted) and the
 * moment of the cancellation, so neither the server's time zone nor daylight saving anywhere changes it.
 *
 * - An institution (or an admin) cancelling a booked (`paid`) shift less than 24 h before its start pays the
 *   professional min(4 h, the shift) at the job's rate: 4 h × rate for an hourly job (the whole shift if it
 *   is shorter); daily and fixed rates pro rata of the planned hours. The commission applies as on any
 *   earning; the rest goes back to the institution. Exactly 24 h before the start is not late.
 * - A professional withdrawing less than 24 h before the start (or not showing up) costs no money: it
 *   counts against their reliability.
 */

/** A cancellation or withdrawal less than this before the start is late. */
export const LATE_NOTICE_MS = 24 * 3_600_000;
/** What a late cancellation pays the professional at most: this much of the shift. */
export const COMPENSATED_MINUTES = 4 * 60;

export interface PolicyJob {
  startsAt: Date;
  endsAt: Date;
  rate: number;
  rateType: RateType;
}

/** Less than 24 h before the start (or after it) — exactly 24 h is still in time. */
export function isLate(startsAt: Date, at: Date): boolean {
  return startsAt.getTime() - at.getTime() < LATE_NOTICE_MS;
}

/** The planned length of the shift, in whole minutes. */
export function plannedMinutes(job: Pick<PolicyJob, 'startsAt' | 'endsAt'>): number {
  return Math.max(0, Math.round((job.endsAt.getTime() - job.startsAt.getTime()) / 60_000));
}

/**
 * What min(4 h, shift) is worth at the job's rate, in whole UGX (rounded half up), never more than `paid`
 * (what the job's escrow holds).
 */
export function compensationFor(job: PolicyJob, paid: number): number {
  const planned = plannedMinutes(job);
  if (planned === 0) return 0;
  const minutes = Math.min(COMPENSATED_MINUTES, planned);
  const gross =
    job.rateType === 'hourly'
      ? Math.round((job.rate * minutes) / 60)
      : Math.round((job.rate * minutes) / planned);
  return Math.min(gross, paid);
}

export interface InstitutionCancellation {
  late: boolean;
  /** What the professional is owed before the commission (0 when not late). */
  compensation: number;
  /** The commission on the compensation. */
  fee: number;
  /** What the professional earns: compensation − fee. */
  earning: number;
  /** What goes back to the institution: paid − compensation. */
  refund: number;
}

/** An institution (or admin) cancels a booked shift whose escrow holds `paid`, at `at`. */
export function institutionCancellation(
  job: PolicyJob,
  paid: number,
  commissionBps: number,
  at: Date,
): InstitutionCancellation {
  const late = isLate(job.startsAt, at);
  const compensation = late ? compensationFor(job, paid) : 0;
  const fee = feeOf(compensation, commissionBps);
  return { late, compensation, fee, earning: compensation - fee, refund: paid - compensation };
}

/** The assigned professional withdraws at `at`: late or not (a late one counts against reliability). */
export function professionalWithdrawal(job: Pick<PolicyJob, 'startsAt'>, at: Date): { late: boolean } {
  return { late: isLate(job.startsAt, at) };
}
