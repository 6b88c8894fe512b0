import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs, isAllowed } from '../../common/state-machine/transition-table.js';
import { assertAttendanceMove, ATTENDANCE_MOVES, attendanceState } from './attendance-moves.js';

const { allowed, refused } = allPairs(ATTENDANCE_MOVES);

describe('ATTENDANCE_MOVES, the table ShiftTransitions checks every move against', () => {
  it('allows exactly: confirm, check in (confirmed or not), check out, no-show before any check-in', () => {
    expect(allowed).toEqual([
      ['booked', 'confirmed'],
      ['booked', 'checked_in'],
      ['booked', 'no_show'],
      ['confirmed', 'checked_in'],
      ['confirmed', 'no_show'],
      ['checked_in', 'checked_out'],
    ]);
  });

  it.each(allowed)('%s → %s passes the check', (from, to) => {
    expect(isAllowed(ATTENDANCE_MOVES, from, to)).toBe(true);
    expect(() => assertAttendanceMove(from, to)).not.toThrow();
  });

  it.each(refused)('%s → %s is refused with 409 invalid-attendance-move naming both states', (from, to) => {
    try {
      assertAttendanceMove(from, to);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(409);
      expect((error as DomainError).code).toBe('INVALID_ATTENDANCE_MOVE');
      expect((error as DomainError).extensions).toEqual({ shiftState: from, attempted: to });
    }
  });
});

describe('attendanceState', () => {
  const none = { confirmed_at: null, checked_in_at: null, checked_out_at: null, no_show_at: null };
  const at = new Date('2027-03-15T05:00:00Z');

  it('is the latest timestamp set', () => {
    expect(attendanceState(none)).toBe('booked');
    expect(attendanceState({ ...none, confirmed_at: at })).toBe('confirmed');
    expect(attendanceState({ ...none, checked_in_at: at })).toBe('checked_in');
    expect(attendanceState({ ...none, confirmed_at: at, checked_in_at: at, checked_out_at: at })).toBe(
      'checked_out',
    );
    expect(attendanceState({ ...none, confirmed_at: at, no_show_at: at })).toBe('no_show');
  });
});
