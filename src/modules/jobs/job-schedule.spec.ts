import { shiftProblems } from './job-schedule.js';

const now = new Date('2026-11-24T09:00:00Z'); // 12:00 in Kampala

describe('shiftProblems', () => {
  it('accepts a future shift today or later', () => {
    expect(shiftProblems({ date: '2026-11-24', startTime: '13:00', endTime: '17:00' }, now)).toEqual([]);
    expect(shiftProblems({ date: '2027-01-10', startTime: '08:00', endTime: '24:00' }, now)).toEqual([]);
  });

  it.each([
    ['a past date', { date: '2026-11-23', startTime: '08:00', endTime: '12:00' }, 'date'],
    ['a start that passed today', { date: '2026-11-24', startTime: '11:59', endTime: '17:00' }, 'startTime'],
    ['an end before the start', { date: '2026-12-01', startTime: '13:00', endTime: '08:00' }, 'endTime'],
    ['an end equal to the start', { date: '2026-12-01', startTime: '13:00', endTime: '13:00' }, 'endTime'],
    ['a date over a year ahead', { date: '2027-11-30', startTime: '08:00', endTime: '12:00' }, 'date'],
    ['an impossible date', { date: '2026-02-30', startTime: '08:00', endTime: '12:00' }, 'date'],
  ])('refuses %s on the %s field', (_case, shift, field) => {
    expect(shiftProblems(shift, now).map((p) => p.field)).toContain(field);
  });
});
