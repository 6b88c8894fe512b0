import { Injectable } from '@nestjs/common';

/**
 * The time shift rules see (confirmation deadlines, attendance codes, no-show windows, timesheet
 * approval). One injectable so tests move time forward instead of sleeping: `travel(ms)` works only with
 * NODE_ENV=test; production always answers the system clock. SQL that compares with these rules takes
 * `now()` from here as a parameter rather than PostgreSQL's own `now()`.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  constructor(private readonly travelAllowed = process.env.NODE_ENV === 'test') {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: from now on the clock reads `ms` later (negative: earlier). */
  travel(ms: number): void {
    if (!this.travelAllowed) throw new Error('Clock.travel is for tests (NODE_ENV=test)');
    this.offsetMs += ms;
  }
}
