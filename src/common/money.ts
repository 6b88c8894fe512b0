/** Qgig's fee on `amount` at `feeBps` basis points, in whole UGX (rounded half up): shown on jobs, posted on completion. */
export function feeOf(amount: number, feeBps: number): number {
  return Math.round((amount * feeBps) / 10_000);
}
