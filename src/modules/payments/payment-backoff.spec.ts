import { MAX_CHECK_DELAY_MS, nextCheckDelayMs } from './payment-backoff.js';

describe('nextCheckDelayMs', () => {
  it('waits one tick after creation, then doubles', () => {
    expect([0, 1, 2, 3].map((n) => nextCheckDelayMs(n, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000]);
  });

  it('never waits longer than 15 minutes', () => {
    expect(nextCheckDelayMs(4, 60_000)).toBe(MAX_CHECK_DELAY_MS);
    expect(nextCheckDelayMs(40, 60_000)).toBe(MAX_CHECK_DELAY_MS);
    expect(nextCheckDelayMs(0, 20 * 60_000)).toBe(MAX_CHECK_DELAY_MS);
  });
});
