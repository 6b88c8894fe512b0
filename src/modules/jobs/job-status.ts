import { DomainError } from '../../common/errors/domain-error.js';

export const JOB_STATUSES = ['open', 'accepted', 'paid', 'completed', 'cancelled', 'expired'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Every move a job may make (DESIGN.md, Lifecycles); anything else is refused. `accepted → open` is a
 * professional withdrawing, which reopens the job; `paid → cancelled` only ever happens with a refund.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  open: ['accepted', 'cancelled', 'expired'],
  accepted: ['paid', 'cancelled', 'open'],
  paid: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  expired: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
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
