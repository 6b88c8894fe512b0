import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed, type TransitionTable } from '../../common/state-machine/transition-table.js';

export const TIMESHEET_STATUSES = ['submitted', 'approved', 'disputed'] as const;
export type TimesheetStatus = (typeof TIMESHEET_STATUSES)[number];

/**
 * Every move a timesheet may make (TimesheetTransitions). `submitted` is its first state (the insert; the
 * professional may resubmit while it stays there); the institution approves it (or its silence does, after
 * TIMESHEET_AUTO_APPROVE_HOURS, or it confirms the job) or disputes it; a disputed timesheet is approved when
 * an admin resolves the dispute and the job completes. An approved timesheet is final.
 */
export const TIMESHEET_TRANSITIONS: TransitionTable<TimesheetStatus> = {
  submitted: ['approved', 'disputed'],
  approved: [],
  disputed: ['approved'],
};

/** Throws 409 invalid-timesheet-transition naming both states when the table has no such move. */
export function assertTimesheetTransition(from: TimesheetStatus, to: TimesheetStatus): void {
  if (isAllowed(TIMESHEET_TRANSITIONS, from, to)) return;
  throw new DomainError('INVALID_TIMESHEET_TRANSITION', `A timesheet that is ${from} cannot become ${to}.`, {
    timesheetStatus: from,
    attempted: to,
  });
}
