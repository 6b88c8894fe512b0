import type { TransitionTable } from '../../common/state-machine/transition-table.js';

export const EARNINGS_STATUSES = ['held', 'frozen', 'released', 'voided'] as const;
export type EarningsStatus = (typeof EARNINGS_STATUSES)[number];

/**
 * A job's earnings (EarningsTransitions): `held` for EARNINGS_HOLD_HOURS after completion, then `released`
 * (available for payout); `frozen` while a dispute about the job is open; `voided` when the payment goes
 * back to the institution before the earnings were paid out.
 */
export const EARNINGS_TRANSITIONS: TransitionTable<EarningsStatus> = {
  held: ['released', 'frozen', 'voided'],
  frozen: ['held', 'released', 'voided'],
  released: ['voided'],
  voided: [],
};
