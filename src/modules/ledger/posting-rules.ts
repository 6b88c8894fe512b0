import { feeOf } from '../../common/money.js';
import { accounts } from './ledger-accounts.js';
import type { JournalDraft, Posting } from './journal.js';

/**
 * The journal entry each money event posts (docs/money.md has the table). Pure functions: the aggregates'
 * transitions call them and hand the draft to LedgerService.post in their transaction. Keys make each
 * event post once however often it is raced or retried.
 */

export { feeOf };

/** Postings without the zero ones (an entry may have nothing to take from credit, say). */
function nonZero(...postings: Posting[]): Posting[] {
  return postings.filter((posting) => posting.amount !== 0);
}

/** PesaPal confirmed a payment of `charged`, and `credit` of the institution's credit paid the rest. */
export function paymentCompleted(p: {
  paymentId: string;
  jobId: string;
  payerId: string;
  charged: number;
  credit: number;
}): JournalDraft {
  return {
    key: `payment.completed:${p.paymentId}`,
    kind: 'payment.completed',
    refs: { jobId: p.jobId, paymentId: p.paymentId },
    postings: nonZero(
      { account: accounts.clearing, amount: -p.charged },
      { account: accounts.credit(p.payerId), amount: -p.credit },
      { account: accounts.escrow(p.jobId), amount: p.charged + p.credit },
    ),
  };
}

/** The professional earned `amount` (the escrow) less the platform's fee, frozen on the job. */
export function jobCompleted(p: {
  jobId: string;
  professionalId: string;
  amount: number;
  feeBps: number;
  key?: string;
}): JournalDraft {
  const fee = feeOf(p.amount, p.feeBps);
  return {
    key: p.key ?? `job.completed:${p.jobId}`,
    kind: 'job.completed',
    refs: { jobId: p.jobId },
    postings: nonZero(
      { account: accounts.escrow(p.jobId), amount: -p.amount },
      { account: accounts.pending(p.professionalId), amount: p.amount - fee },
      { account: accounts.platformFees, amount: fee },
    ),
  };
}

/**
 * A booked shift cancelled late by its institution: the professional earns `amount` of the escrow less the
 * platform's fee (frozen on the job), held like any earning; the rest of the escrow goes back apart.
 */
export function cancellationCompensation(p: {
  jobId: string;
  professionalId: string;
  amount: number;
  feeBps: number;
}): JournalDraft {
  const fee = feeOf(p.amount, p.feeBps);
  return {
    key: `job.cancellation_compensation:${p.jobId}`,
    kind: 'job.cancellation_compensation',
    refs: { jobId: p.jobId },
    postings: nonZero(
      { account: accounts.escrow(p.jobId), amount: -p.amount },
      { account: accounts.pending(p.professionalId), amount: p.amount - fee },
      { account: accounts.platformFees, amount: fee },
    ),
  };
}

/** The holding period is over: the job's earnings can be paid out. */
export function earningsReleased(p: { jobId: string; professionalId: string; amount: number }): JournalDraft {
  return {
    key: `earnings.released:${p.jobId}`,
    kind: 'earnings.released',
    refs: { jobId: p.jobId },
    postings: [
      { account: accounts.pending(p.professionalId), amount: -p.amount },
      { account: accounts.available(p.professionalId), amount: p.amount },
    ],
  };
}

/** The job's payment goes back after completion: its earnings (and the fee) return to escrow. */
export function earningsVoided(p: {
  jobId: string;
  professionalId: string;
  earning: number;
  fee: number;
  from: 'pending' | 'available';
}): JournalDraft {
  const earnings =
    p.from === 'pending' ? accounts.pending(p.professionalId) : accounts.available(p.professionalId);
  return {
    key: `earnings.voided:${p.jobId}`,
    kind: 'earnings.voided',
    refs: { jobId: p.jobId },
    postings: nonZero(
      { account: earnings, amount: -p.earning },
      { account: accounts.platformFees, amount: -p.fee },
      { account: accounts.escrow(p.jobId), amount: p.earning + p.fee },
    ),
  };
}

/** A dispute gives the professional less than they earned: the difference (earnings and fee) returns to escrow. */
export function earningsReduced(p: {
  jobId: string;
  professionalId: string;
  earning: number;
  fee: number;
  disputeId: string;
}): JournalDraft {
  return {
    key: `earnings.reduced:${p.disputeId}`,
    kind: 'earnings.reduced',
    refs: { jobId: p.jobId, disputeId: p.disputeId },
    postings: nonZero(
      { account: accounts.pending(p.professionalId), amount: -p.earning },
      { account: accounts.platformFees, amount: -p.fee },
      { account: accounts.escrow(p.jobId), amount: p.earning + p.fee },
    ),
  };
}

/**
 * A refund is requested: `toPesapal` leaves escrow for refunds_payable (PesaPal returns it to the payer),
 * `toCredit` (the part credit paid for, or what PesaPal cannot refund) becomes the institution's credit.
 * `attempt` tells one request of a payment from a later one (a refused refund may be asked again).
 */
export function refundRequested(p: {
  paymentId: string;
  jobId: string;
  payerId: string;
  toPesapal: number;
  toCredit: number;
  attempt: string;
}): JournalDraft {
  return {
    key: `refund.requested:${p.paymentId}:${p.attempt}`,
    kind: 'refund.requested',
    refs: { jobId: p.jobId, paymentId: p.paymentId },
    postings: nonZero(
      { account: accounts.escrow(p.jobId), amount: -(p.toPesapal + p.toCredit) },
      { account: accounts.refundsPayable, amount: p.toPesapal },
      { account: accounts.credit(p.payerId), amount: p.toCredit },
    ),
  };
}

/** PesaPal declined the refund: what refunds_payable held goes back to escrow. */
export function refundRefused(p: {
  paymentId: string;
  jobId: string;
  amount: number;
  attempt: string;
}): JournalDraft {
  return {
    key: `refund.refused:${p.paymentId}:${p.attempt}`,
    kind: 'refund.refused',
    refs: { jobId: p.jobId, paymentId: p.paymentId },
    postings: [
      { account: accounts.refundsPayable, amount: -p.amount },
      { account: accounts.escrow(p.jobId), amount: p.amount },
    ],
  };
}

/** PesaPal returned the money (REVERSED): it leaves our clearing account. */
export function refundConfirmed(p: { paymentId: string; jobId: string; amount: number }): JournalDraft {
  return {
    key: `refund.confirmed:${p.paymentId}`,
    kind: 'refund.confirmed',
    refs: { jobId: p.jobId, paymentId: p.paymentId },
    postings: [
      { account: accounts.refundsPayable, amount: -p.amount },
      { account: accounts.clearing, amount: p.amount },
    ],
  };
}

/** Part of a job's escrow goes back to the institution as credit (mobile money cannot refund a part). */
export function returnedAsCredit(p: {
  jobId: string;
  institutionId: string;
  amount: number;
  key: string;
}): JournalDraft {
  return {
    key: p.key,
    kind: 'escrow.returned_as_credit',
    refs: { jobId: p.jobId },
    postings: [
      { account: accounts.escrow(p.jobId), amount: -p.amount },
      { account: accounts.credit(p.institutionId), amount: p.amount },
    ],
  };
}

/** A professional asked for a payout: it leaves what they can withdraw. */
export function payoutRequested(p: {
  payoutId: string;
  professionalId: string;
  amount: number;
}): JournalDraft {
  return {
    key: `payout.requested:${p.payoutId}`,
    kind: 'payout.requested',
    refs: { payoutId: p.payoutId },
    postings: [
      { account: accounts.available(p.professionalId), amount: -p.amount },
      { account: accounts.inFlight(p.professionalId), amount: p.amount },
    ],
  };
}

/** The payout was sent (mobile money): the money leaves the platform. */
export function payoutPaid(p: { payoutId: string; professionalId: string; amount: number }): JournalDraft {
  return {
    key: `payout.paid:${p.payoutId}`,
    kind: 'payout.paid',
    refs: { payoutId: p.payoutId },
    postings: [
      { account: accounts.inFlight(p.professionalId), amount: -p.amount },
      { account: accounts.clearing, amount: p.amount },
    ],
  };
}

/** The payout could not be sent: the money is available again. */
export function payoutFailed(p: { payoutId: string; professionalId: string; amount: number }): JournalDraft {
  return {
    key: `payout.failed:${p.payoutId}`,
    kind: 'payout.failed',
    refs: { payoutId: p.payoutId },
    postings: [
      { account: accounts.inFlight(p.professionalId), amount: -p.amount },
      { account: accounts.available(p.professionalId), amount: p.amount },
    ],
  };
}
