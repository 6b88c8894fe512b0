import { availabilityProblems, minutesOf, TIME_OF_DAY, toHourMinute } from './availability.js';

describe('weekly availability', () => {
  it('accepts separate and touching slots', () => {
    expect(
      availabilityProblems([
        { weekday: 1, start: '08:00', end: '12:00' },
        { weekday: 1, start: '12:00', end: '17:00' },
        { weekday: 2, start: '08:00', end: '12:00' },
        { weekday: 6, start: '20:00', end: '24:00' },
      ]),
    ).toEqual([]);
  });

  it('refuses a slot that ends before it starts, naming the field', () => {
    expect(availabilityProblems([{ weekday: 1, start: '17:00', end: '08:00' }])).toEqual([
      { field: 'availability[0].end', message: expect.stringContaining('must be after start') },
    ]);
    expect(availabilityProblems([{ weekday: 1, start: '08:00', end: '08:00' }])).toHaveLength(1);
  });

  it('refuses overlapping slots on the same day, whatever their order', () => {
    expect(
      availabilityProblems([
        { weekday: 3, start: '10:00', end: '14:00' },
        { weekday: 4, start: '09:00', end: '11:00' },
        { weekday: 3, start: '08:00', end: '11:00' },
      ]),
    ).toEqual([{ field: 'availability[0]', message: expect.stringContaining('overlaps availability[2]') }]);
  });

  it('parses and prints times', () => {
    expect(minutesOf('07:30')).toBe(450);
    expect(['00:00', '23:59', '24:00'].every((t) => TIME_OF_DAY.test(t))).toBe(true);
    expect(['24:01', '7:30', '12:60', '12:00:00'].some((t) => TIME_OF_DAY.test(t))).toBe(false);
    expect(toHourMinute('08:15:00')).toBe('08:15');
    expect(toHourMinute('24:00:00')).toBe('24:00');
  });
});
