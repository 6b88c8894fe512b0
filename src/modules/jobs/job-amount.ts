import type { RateType } from './job.entity.js';
import { minutesOf } from '../professionals/availability.js';

/** What the institution pays in whole UGX: rate × hours for hourly jobs (rounded), the rate otherwise. */
export function jobAmount(job: {
  rate: number;
  rateType: RateType;
  startTime: string;
  endTime: string;
}): number {
  if (job.rateType !== 'hourly') return job.rate;
  const minutes = minutesOf(job.endTime.slice(0, 5)) - minutesOf(job.startTime.slice(0, 5));
  return Math.round((job.rate * minutes) / 60);
}
