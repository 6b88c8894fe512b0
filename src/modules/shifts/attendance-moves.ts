import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed, type TransitionTable } from '../../common/state-machine/transition-table.js';

/**
 * Where a shift stands. There is no status column: each state is a timestamp on the `shifts` row
 * (confirmed_at, checked_in_at, checked_out_at, no_show_at) and the state is the latest one set.
 */
export const ATTENDANCE_STATES = ['booked', 'confirmed', 'checked_in', 'checked_out', 'no_show'] as const;
export type AttendanceState = (typeof ATTENDANCE_STATES)[number];

/**
 * Every attendance move a shift may make; anything else is refused (ShiftTransitions). Confirming is
 * optional: a professional who never confirmed may still check in. A no-show is reported only while nobody
 * checked in. Rebooking the job (another professional after a withdrawal) starts a new shift row at
 * `booked`: that is a new booking, not a move.
 */
export const ATTENDANCE_MOVES: TransitionTable<AttendanceState> = {
  booked: ['confirmed', 'checked_in', 'no_show'],
  confirmed: ['checked_in', 'no_show'],
  checked_in: ['checked_out'],
  checked_out: [],
  no_show: [],
};

export interface AttendanceTimestamps {
  confirmed_at: Date | null;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  no_show_at: Date | null;
}

export function attendanceState(shift: AttendanceTimestamps): AttendanceState {
  if (shift.no_show_at) return 'no_show';
  if (shift.checked_out_at) return 'checked_out';
  if (shift.checked_in_at) return 'checked_in';
  if (shift.confirmed_at) return 'confirmed';
  return 'booked';
}

const REFUSALS: Record<AttendanceState, string> = {
  booked: 'This shift is already booked.',
  confirmed: 'Only a booked shift that is not yet confirmed or attended can be confirmed.',
  checked_in: 'Check-in is possible once, on a booked shift nobody was reported absent from.',
  checked_out: 'Check-out is possible once, after a check-in.',
  no_show: 'A no-show can be reported only while nobody has checked in.',
};

/** Throws 409 invalid-attendance-move naming both states when ATTENDANCE_MOVES has no such move. */
export function assertAttendanceMove(from: AttendanceState, to: AttendanceState): void {
  if (isAllowed(ATTENDANCE_MOVES, from, to)) return;
  throw new DomainError('INVALID_ATTENDANCE_MOVE', REFUSALS[to], { shiftState: from, attempted: to });
}
