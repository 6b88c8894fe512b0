import {
  compensationFor,
  institutionCancellation,
  isLate,
  professionalWithdrawal,
  type PolicyJob,
} from './cancellation-policy.js';
import { kampalaInstant } from './kampala-time.js';

/** A job on 2026-12-10 from `start` to `end`, Kampala wall-clock, turned into instants as posting does. */
function job(start: string, end: string, rate: number, rateType: PolicyJob['rateType']): PolicyJob {
  return {
    startsAt: kampalaInstant('2026-12-10', start),
    endsAt: kampalaInstant('2026-12-10', end),
    rate,
    rateType,
  };
}

/** A Kampala wall-clock moment (the server's zone plays no part). */
const kampala = (date: string, time: string) => kampalaInstant(date, time);
const minutes = (n: number) => n * 60_000;

describe('cancellation policy', () => {
  const day = job('08:00', '17:00', 15_000, 'hourly'); // 9 h, 135,000 UGX

  describe('lateness (Africa/Kampala, from the job’s instants)', () => {
    it('exactly 24 h before the start is not late', () => {
      expect(isLate(day.startsAt, kampala('2026-12-09', '08:00'))).toBe(false);
      expect(institutionCancellation(day, 135_000, 1_000, kampala('2026-12-09', '08:00'))).toEqual({
        late: false,
        compensation: 0,
        fee: 0,
        earning: 0,
        refund: 135_000,
      });
    });

    it('23:59 before the start is late', () => {
      expect(isLate(day.startsAt, kampala('2026-12-09', '08:01'))).toBe(true);
      const at = new Date(day.startsAt.getTime() - minutes(23 * 60 + 59));
      expect(institutionCancellation(day, 135_000, 1_000, at)).toEqual({
        late: true,
        compensation: 60_000,
        fee: 6_000,
        earning: 54_000,
        refund: 75_000,
      });
    });

    it('one millisecond under 24 h is late; after the start still is', () => {
      expect(isLate(day.startsAt, new Date(day.startsAt.getTime() - 24 * 3_600_000 + 1))).toBe(true);
      expect(isLate(day.startsAt, new Date(day.startsAt.getTime() + minutes(30)))).toBe(true);
    });

    it('30 h before: nothing owed, full refund', () => {
      expect(institutionCancellation(day, 135_000, 1_000, kampala('2026-12-09', '02:00'))).toEqual(
        expect.objectContaining({ late: false, compensation: 0, refund: 135_000 }),
      );
    });

    it('is the same whatever the server zone says (instants only)', () => {
      // 07:59 Kampala on the 9th is 04:59 UTC: 24 h 1 min before 08:00 Kampala on the 10th.
      expect(isLate(day.startsAt, new Date('2026-12-09T04:59:00Z'))).toBe(false);
      expect(isLate(day.startsAt, new Date('2026-12-09T05:00:01Z'))).toBe(true);
    });
  });

  describe('compensation: min(4 h, the shift) at the job’s rate', () => {
    it('hourly: 4 h × rate', () => {
      expect(compensationFor(day, 135_000)).toBe(60_000);
    });

    it('a shift shorter than 4 h: the whole shift', () => {
      const short = job('09:00', '11:30', 15_000, 'hourly'); // 37,500 UGX
      expect(compensationFor(short, 37_500)).toBe(37_500);
      const at = new Date(short.startsAt.getTime() - 3 * 3_600_000);
      expect(institutionCancellation(short, 37_500, 1_000, at)).toEqual({
        late: true,
        compensation: 37_500,
        fee: 3_750,
        earning: 33_750,
        refund: 0,
      });
    });

    it('exactly 4 h: the whole shift', () => {
      expect(compensationFor(job('08:00', '12:00', 15_000, 'hourly'), 60_000)).toBe(60_000);
    });

    it('daily rate: pro rata of the planned hours', () => {
      // 80,000 for 8:00–17:00 (9 h): 4/9 of it = 35,555.6 → 35,556
      expect(compensationFor(job('08:00', '17:00', 80_000, 'daily'), 80_000)).toBe(35_556);
      // a 3 h day: all of it
      expect(compensationFor(job('08:00', '11:00', 80_000, 'daily'), 80_000)).toBe(80_000);
    });

    it('fixed rate: pro rata of the planned hours', () => {
      // 50,000 for 8:00–16:00 (8 h): half
      expect(compensationFor(job('08:00', '16:00', 50_000, 'fixed'), 50_000)).toBe(25_000);
      const fixed = job('08:00', '16:00', 50_000, 'fixed');
      expect(institutionCancellation(fixed, 50_000, 1_000, kampala('2026-12-10', '05:00'))).toEqual({
        late: true,
        compensation: 25_000,
        fee: 2_500,
        earning: 22_500,
        refund: 25_000,
      });
    });

    it('never more than the escrow holds', () => {
      expect(compensationFor(day, 10_000)).toBe(10_000);
    });

    it('a zero-length shift owes nothing', () => {
      expect(compensationFor(job('08:00', '08:00', 15_000, 'daily'), 15_000)).toBe(0);
    });
  });

  describe('a professional withdrawing', () => {
    it('is late under 24 h (no money, reliability), in time at exactly 24 h', () => {
      expect(professionalWithdrawal(day, kampala('2026-12-09', '08:00'))).toEqual({ late: false });
      expect(professionalWithdrawal(day, kampala('2026-12-09', '08:01'))).toEqual({ late: true });
    });
  });
});
