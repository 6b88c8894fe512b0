import {
  approvedPay,
  cappedMinutes,
  claimedMinutes,
  hoursOf,
  kampalaTimeOn,
  plannedMinutes,
} from './timesheet-hours.js';
import { kampalaInstant } from '../jobs/kampala-time.js';

const hourly = {
  date: '2026-11-24',
  startTime: '08:00',
  endTime: '16:00',
  rate: 10_000,
  rateType: 'hourly' as const,
  amount: 80_000,
};

describe('timesheet hours and pay', () => {
  it('measures the plan in Kampala time, 24:00 included', () => {
    expect(plannedMinutes(hourly)).toBe(480);
    expect(plannedMinutes({ date: '2026-11-24', startTime: '18:00', endTime: '24:00' })).toBe(360);
  });

  it('claims start to end less the break, and caps at the plan', () => {
    const start = kampalaInstant('2026-11-24', '07:30');
    const end = kampalaInstant('2026-11-24', '17:00');
    expect(claimedMinutes(start, end, 30)).toBe(540);
    expect(cappedMinutes(540, 480)).toBe(480);
    expect(cappedMinutes(360, 480)).toBe(360);
  });

  it('pays hourly jobs the approved hours × rate, never above the amount; daily and fixed the plan', () => {
    expect(approvedPay(hourly, 360)).toBe(60_000);
    expect(approvedPay(hourly, 480)).toBe(80_000);
    expect(approvedPay(hourly, 600)).toBe(80_000);
    expect(approvedPay({ ...hourly, rate: 15_000 }, 50)).toBe(12_500);
    expect(approvedPay({ ...hourly, rateType: 'daily', amount: 80_000 }, 60)).toBe(80_000);
    expect(approvedPay({ ...hourly, rateType: 'fixed', amount: 50_000 }, 60)).toBe(50_000);
  });

  it('shows hours with two decimals and instants as Kampala HH:MM on the job’s date', () => {
    expect(hoursOf(370)).toBe(6.17);
    expect(kampalaTimeOn('2026-11-24', new Date('2026-11-24T05:05:00Z'))).toBe('08:05');
    expect(kampalaTimeOn('2026-11-24', new Date('2026-11-24T21:00:00Z'))).toBe('24:00');
  });
});
