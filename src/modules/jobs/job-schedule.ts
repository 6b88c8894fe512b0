import type { FieldError } from '../../common/validation/request-validation.error.js';
import { minutesOf } from '../professionals/availability.js';
import { isCalendarDate, kampalaInstant, kampalaToday } from './kampala-time.js';

/** How far ahead a job may be posted. */
export const MAX_DAYS_AHEAD = 365;

export interface Shift {
  date: string;
  startTime: string;
  endTime: string;
}

/** Field errors for a shift that is not a real, future, same-day time window; empty when it is fine. */
export function shiftProblems(shift: Shift, now: Date = new Date()): FieldError[] {
  if (!isCalendarDate(shift.date)) return [{ field: 'date', message: 'is not a calendar date' }];
  const problems: FieldError[] = [];
  const today = kampalaToday(now);
  const latest = kampalaToday(new Date(now.getTime() + MAX_DAYS_AHEAD * 86_400_000));
  if (shift.date < today) {
    problems.push({ field: 'date', message: `is in the past; today in Kampala is ${today}` });
  } else if (shift.date > latest) {
    problems.push({ field: 'date', message: `is more than ${MAX_DAYS_AHEAD} days ahead` });
  } else if (kampalaInstant(shift.date, shift.startTime) <= now) {
    problems.push({ field: 'startTime', message: 'has already passed today (Kampala time)' });
  }
  if (minutesOf(shift.endTime) <= minutesOf(shift.startTime)) {
    problems.push({
      field: 'endTime',
      message: 'must be after startTime on the same day; split a night shift into two jobs',
    });
  }
  return problems;
}
