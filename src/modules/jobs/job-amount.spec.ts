import { jobAmount } from './job-amount.js';

describe('jobAmount', () => {
  it('multiplies an hourly rate by the shift length, rounding to whole UGX', () => {
    expect(jobAmount({ rate: 15000, rateType: 'hourly', startTime: '08:00:00', endTime: '17:00:00' })).toBe(
      135000,
    );
    expect(jobAmount({ rate: 10001, rateType: 'hourly', startTime: '08:00', endTime: '08:20' })).toBe(3334);
  });

  it('takes daily and fixed rates as the amount', () => {
    expect(jobAmount({ rate: 90000, rateType: 'daily', startTime: '08:00', endTime: '12:00' })).toBe(90000);
    expect(jobAmount({ rate: 50000, rateType: 'fixed', startTime: '08:00', endTime: '09:00' })).toBe(50000);
  });
});
