import { Injectable } from '@nestjs/common';
import type { PayoutNetwork } from './payout-status.js';

/** What a disbursement channel needs to send one payout. */
export interface PayoutInstruction {
  /**
   * Our payout id (a UUID): the idempotency key to give the provider (MTN MoMo's X-Reference-Id, Airtel's
   * transaction id), so sending the same payout twice never pays twice.
   */
  payoutId: string;
  /** Whole UGX. */
  amount: number;
  currency: string;
  network: PayoutNetwork;
  /** E.164, on `network`. */
  phone: string;
  accountName: string;
}

/**
 * The provider's answer. `submitted`: accepted, the outcome comes later (an admin records it, or a future
 * status check/callback does); `paid` / `failed`: final now (`reference` is the mobile-money transaction id,
 * `reason` why it failed). Whatever it answers, the payout's state changes only through PayoutTransitions.
 */
export type PayoutDispatch =
  | { status: 'submitted'; reference?: string }
  | { status: 'paid'; reference: string }
  | { status: 'failed'; reason: string };

/**
 * A disbursement channel. Called once a payout's request has committed, with no transaction open and no
 * row locked (PayoutDispatcher); it may throw (network down), which leaves the payout `requested` for an
 * admin. To plug in MTN MoMo / Airtel Money disbursements, implement this and bind it to PAYOUT_PROVIDER
 * in PayoutsModule — the use cases do not change.
 */
export interface PayoutProvider {
  /** Recorded in the audit log, e.g. `manual`, `mtn-momo`. */
  readonly name: string;
  send(payout: PayoutInstruction): Promise<PayoutDispatch>;
}

/** Nest injection token of the PayoutProvider in use. */
export const PAYOUT_PROVIDER = Symbol('PAYOUT_PROVIDER');

/**
 * Today's channel: nothing is sent automatically. The payout waits in the admin queue
 * (GET /admin/payouts?status=requested); an admin sends the money by hand and records the mobile-money
 * transaction id (POST /admin/payouts/{id}/paid), or records why it could not be sent (…/failed).
 */
@Injectable()
export class ManualPayoutProvider implements PayoutProvider {
  readonly name = 'manual';

  send(): Promise<PayoutDispatch> {
    return Promise.resolve({ status: 'submitted' });
  }
}
