import type { TransitionTable } from '../../common/state-machine/transition-table.js';

export const PAYOUT_STATUSES = ['requested', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** The mobile-money networks a payout can go to (the network of the number, uganda-phone.ts). */
export const PAYOUT_NETWORKS = ['mtn', 'airtel'] as const;
export type PayoutNetwork = (typeof PAYOUT_NETWORKS)[number];

/**
 * Every move a payout may make (PayoutTransitions). A payout is born `requested` (its money moved from
 * available to in flight); it ends `paid` (the mobile-money transaction id recorded) or `failed` (the
 * money back to available). Both ends are final: a failed payout is asked for again as a new payout.
 */
export const PAYOUT_TRANSITIONS: TransitionTable<PayoutStatus> = {
  requested: ['paid', 'failed'],
  paid: [],
  failed: [],
};
