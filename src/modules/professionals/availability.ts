import type { FieldError } from '../../common/validation/request-validation.error.js';

export interface WeeklySlot {
  weekday: number;
  /** `HH:MM` */
  start: string;
  /** `HH:MM`; `24:00` means midnight at the end of the day. */
  end: string;
}

export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Rules the field validators cannot see: a slot must end after it starts and must not overlap another
 * slot of the same day (a night shift is written as two slots, one each side of midnight).
 */
export function availabilityProblems(slots: readonly WeeklySlot[]): FieldError[] {
  const problems: FieldError[] = [];
  slots.forEach((slot, index) => {
    if (minutesOf(slot.end) <= minutesOf(slot.start)) {
      problems.push({
        field: `availability[${index}].end`,
        message: 'must be after start; write a night shift as two slots, one each side of midnight',
      });
    }
  });
  if (problems.length > 0) return problems;

  const ordered = slots
    .map((slot, index) => ({ ...slot, index }))
    .sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start));
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    if (current.weekday === previous.weekday && minutesOf(current.start) < minutesOf(previous.end)) {
      problems.push({
        field: `availability[${current.index}]`,
        message: `overlaps availability[${previous.index}] on the same day; merge them into one slot`,
      });
    }
  }
  return problems;
}

/** PostgreSQL `time` (`HH:MM:SS`) back to the API's `HH:MM`. */
export function toHourMinute(time: string): string {
  return time === '24:00:00' ? '24:00' : time.slice(0, 5);
}
