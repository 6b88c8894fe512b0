/**
 * Calendar facts of an instant in Africa/Kampala, computed with Intl (the server's own zone never matters):
 * the year a receipt is numbered in, the month a statement covers, the time printed on a document.
 */
export const KAMPALA_ZONE = 'Africa/Kampala';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: KAMPALA_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export interface KampalaParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC at that instant (180: East Africa Time). */
  offsetMinutes: number;
}

export function kampalaParts(instant: Date): KampalaParts {
  const parts = Object.fromEntries(PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.timeZoneName ?? '');
  const offsetMinutes = offset
    ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))
    : 0;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    offsetMinutes,
  };
}

/** The Kampala year of an instant (a receipt completed at 01:00 EAT on 1 January belongs to the new year). */
export function kampalaYear(instant: Date): number {
  return kampalaParts(instant).year;
}

/** The instant Kampala's clocks show 00:00 on the first day of `month` (1–12) of `year`. */
export function kampalaMonthStart(year: number, month: number): Date {
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, 1);
  wall.setUTCHours(0, 0, 0, 0);
  // The offset in force then (Kampala keeps +03:00 all year, but asks Intl rather than assuming it).
  const guess = kampalaParts(wall).offsetMinutes;
  const offset = kampalaParts(new Date(wall.getTime() - guess * 60_000)).offsetMinutes;
  return new Date(wall.getTime() - offset * 60_000);
}

/** [from, to) of a Kampala calendar month. */
export function kampalaMonthRange(year: number, month: number): { from: Date; to: Date } {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { from: kampalaMonthStart(year, month), to: kampalaMonthStart(next.year, next.month) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** e.g. `24 Nov 2026` */
export function formatKampalaDate(instant: Date): string {
  const p = kampalaParts(instant);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** e.g. `24 Nov 2026, 14:05 EAT` */
export function formatKampalaDateTime(instant: Date): string {
  const p = kampalaParts(instant);
  return `${formatKampalaDate(instant)}, ${pad(p.hour)}:${pad(p.minute)} EAT`;
}

/** A calendar date written YYYY-MM-DD (a job's date) as `24 Nov 2026`. */
export function formatCalendarDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** `November 2026` */
export function formatMonth(year: number, month: number): string {
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, month - 1, 1)).setUTCFullYear(year),
  );
}
