import { isCalendarDate, kampalaInstant, kampalaToday, weekdayOf } from './kampala-time.js';

describe('Kampala time', () => {
  it('turns a Kampala date and time into the instant (UTC+3)', () => {
    expect(kampalaInstant('2026-12-01', '08:00').toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(kampalaInstant('2026-12-01', '02:30').toISOString()).toBe('2026-11-30T23:30:00.000Z');
    expect(kampalaInstant('2026-12-01', '24:00').toISOString()).toBe('2026-12-01T21:00:00.000Z');
  });

  it("knows Kampala's date when UTC is still on the previous day", () => {
    expect(kampalaToday(new Date('2026-11-24T21:30:00Z'))).toBe('2026-11-25');
    expect(kampalaToday(new Date('2026-11-24T20:59:00Z'))).toBe('2026-11-24');
  });

  it('gives the weekday with Sunday as 0', () => {
    expect(weekdayOf('2026-11-29')).toBe(0);
    expect(weekdayOf('2026-11-24')).toBe(2);
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('1/12/2026')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
    expect(isCalendarDate('0001-01-01')).toBe(true);
  });
});
