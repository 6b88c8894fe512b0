import type { TransitionTable } from '../../common/state-machine/transition-table.js';

export const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'reversed', 'expired'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Every move a payment may make (PaymentTransitions). Driven by PesaPal's GetTransactionStatus answer,
 * except `pending → failed` for an order PesaPal never got and `pending → expired` after
 * PAYMENT_EXPIRY_MINUTES. `failed → completed` and `expired → completed` are deliberate: PesaPal's word
 * that money was taken wins over our earlier view (a payer who finished on PesaPal's page after we gave
 * up), and the move is audited as late so an admin can refund it if the job has moved on.
 */
export const PAYMENT_TRANSITIONS: TransitionTable<PaymentStatus> = {
  pending: ['completed', 'failed', 'expired'],
  completed: ['reversed'],
  failed: ['completed'],
  expired: ['completed'],
  reversed: [],
};

/** A payment's refund; `none` is a NULL refund_status. */
export const REFUND_STATES = ['none', 'requesting', 'requested', 'refused', 'refunded'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
export type RefundStatus = Exclude<RefundState, 'none'>;

/**
 * Every move a refund may make (RefundTransitions): `requesting` is committed before PesaPal is asked,
 * `requested` once PesaPal accepted the RefundRequest, `refused` if it declined (an admin may ask again),
 * `refunded` when GetTransactionStatus says REVERSED — which PesaPal may report whatever we asked.
 */
export const REFUND_TRANSITIONS: TransitionTable<RefundState> = {
  none: ['requesting', 'refunded'],
  requesting: ['requested', 'refused', 'refunded'],
  requested: ['refunded', 'refused'],
  refused: ['requesting', 'refunded'],
  refunded: [],
};
