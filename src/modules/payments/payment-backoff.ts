export const MAX_CHECK_DELAY_MS = 15 * 60_000;

/**
 * When a pending payment is asked about again after its n-th status check: one reconciliation tick after
 * creation (n = 0), then doubling, capped at 15 minutes.
 */
export function nextCheckDelayMs(checksDone: number, tickMs: number): number {
  return Math.min(tickMs * 2 ** checksDone, MAX_CHECK_DELAY_MS);
}
