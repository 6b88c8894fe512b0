/**
 * Job dates and times are Kampala wall-clock. Uganda keeps East Africa Time, UTC+03:00, with no daylight
 * saving, so converting is a fixed offset.
 */
const KAMPALA_OFFSET = '+03:00';
const KAMPALA_OFFSET_MS = 3 * 60 * 60 * 1000;

/** The instant of a Kampala date (YYYY-MM-DD) and time (HH:MM, where 24:00 is the midnight ending it). */
export function kampalaInstant(date: string, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(Date.parse(`${date}T00:00:00${KAMPALA_OFFSET}`) + (hours * 60 + minutes) * 60_000);
}

/** Today's date in Kampala, as YYYY-MM-DD. */
export function kampalaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + KAMPALA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** A real calendar date in YYYY-MM-DD form (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  // PostgreSQL's calendar has no year 0 (1 BC is followed by AD 1), so 0000-… never reaches a query.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '0001-01-01') return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
