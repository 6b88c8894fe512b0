import {
  formatKampalaDateTime,
  formatMonth,
  kampalaMonthRange,
  kampalaParts,
  kampalaYear,
} from './kampala-calendar.js';

describe('Kampala calendar', () => {
  it('counts the year in Kampala: 21:00 UTC on 31 December is already the new year', () => {
    expect(kampalaYear(new Date('2026-12-31T20:59:59.999Z'))).toBe(2026);
    expect(kampalaYear(new Date('2026-12-31T21:00:00.000Z'))).toBe(2027);
    expect(kampalaParts(new Date('2026-06-01T00:00:00Z')).offsetMinutes).toBe(180);
  });

  it('gives a month as [first midnight, next first midnight) in Kampala time, across a year end', () => {
    expect(kampalaMonthRange(2026, 11)).toEqual({
      from: new Date('2026-10-31T21:00:00.000Z'),
      to: new Date('2026-11-30T21:00:00.000Z'),
    });
    expect(kampalaMonthRange(2026, 12)).toEqual({
      from: new Date('2026-11-30T21:00:00.000Z'),
      to: new Date('2026-12-31T21:00:00.000Z'),
    });
  });

  it('prints times as Kampala wall-clock', () => {
    expect(formatKampalaDateTime(new Date('2026-12-31T21:30:00Z'))).toBe('1 Jan 2027, 00:30 EAT');
    expect(formatMonth(2026, 11)).toBe('November 2026');
  });
});
