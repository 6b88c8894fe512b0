import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed, type TransitionTable } from '../../common/state-machine/transition-table.js';

export const JOB_STATUSES = ['open', 'accepted', 'paid', 'completed', 'cancelled', 'expired'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Every move a job may make; anything else is refused (JobTransitions). `accepted → open` and `paid → open`
 * are the professional withdrawing, which reopens the job (a paid one keeps its payment in escrow, so the
 * next acceptance books it at once: `accepted → paid` with no new payment); `paid → cancelled` always comes
 * with a refund (the payments module starts it when the job is cancelled, or the job is cancelled because
 * PesaPal reversed the payment).
 */
export const JOB_TRANSITIONS: TransitionTable<JobStatus> = {
  open: ['accepted', 'cancelled', 'expired'],
  accepted: ['paid', 'cancelled', 'open'],
  paid: ['completed', 'cancelled', 'open'],
  completed: [],
  cancelled: [],
  expired: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return isAllowed(JOB_TRANSITIONS, from, to);
}

/** Throws 409 `invalid-job-transition` naming both states when the move is not allowed. */
export function assertTransition(from: JobStatus, to: JobStatus, action: string): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_JOB_TRANSITION', `Cannot ${action} a job that is ${from}.`, {
      jobStatus: from,
      attempted: to,
    });
  }
}
