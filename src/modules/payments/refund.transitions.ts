import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed } from '../../common/state-machine/transition-table.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { AuditService } from '../audit/audit.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { refundConfirmed, refundRefused, refundRequested } from '../ledger/posting-rules.js';
import type { Payment } from './payment.entity.js';
import { REFUND_TRANSITIONS, type RefundState, type RefundStatus } from './payment-status.js';
import { PaymentsRepository, type RefundStatusColumns } from './payments.repository.js';

const AUDIT_ACTION: Record<RefundStatus, string> = {
  requesting: 'payment.refund_requested',
  requested: 'payment.refund_accepted',
  refused: 'payment.refund_refused',
  refunded: 'payment.refunded',
};

export function refundStateOf(payment: Pick<Payment, 'refundStatus'>): RefundState {
  return payment.refundStatus ?? 'none';
}

/** Throws 409 refund-not-allowed naming both states when REFUND_TRANSITIONS has no such move. */
export function assertRefundTransition(from: RefundState, to: RefundState): void {
  if (!isAllowed(REFUND_TRANSITIONS, from, to)) {
    throw new DomainError(
      'REFUND_NOT_ALLOWED',
      from === 'requesting' || from === 'requested' || from === 'refunded'
        ? `A refund was already requested for this payment (it is ${from}; PesaPal allows one).`
        : `A refund that is ${from} cannot become ${to}.`,
      { refundStatus: from, attempted: to },
    );
  }
}

/** Where a refund's money goes: `toPesapal` back through PesaPal, `toCredit` to the institution's credit. */
export interface RefundSplit {
  toPesapal: number;
  toCredit: number;
}

/**
 * The only way a payment's refund changes state: lock the payment row, check REFUND_TRANSITIONS, write
 * `refund_status` with its columns, the ledger entries, and the audit row. Money leaves the job's escrow
 * when the refund is requested (`payment.refund_started` first, so earnings made on the job go back to
 * escrow, or the refund is refused if they were paid out), returns to escrow if PesaPal refuses, and leaves
 * our PesaPal clearing account when PesaPal reports the payment REVERSED.
 */
@Injectable()
export class RefundTransitions {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly events: DomainEvents,
  ) {}

  /** Returns the payment as it was before the move. */
  async transition(
    em: EntityManager,
    paymentId: string,
    to: RefundStatus,
    actor: { userId: string | null },
    details: {
      columns?: RefundStatusColumns;
      /** Required when moving to `requesting`. */
      split?: RefundSplit;
      auditDetails?: Record<string, unknown>;
      meta?: RequestMeta;
    } = {},
  ): Promise<Payment> {
    const payment = await this.payments.lockById(em, paymentId);
    if (!payment) throw new DomainError('NOT_FOUND', 'No payment with this id.');
    const from = refundStateOf(payment);
    assertRefundTransition(from, to);
    await this.payments.writeRefundStatus(em, paymentId, to, {
      ...(to === 'refunded' && { refundedAt: new Date() }),
      ...details.columns,
    });
    if (to === 'requesting') {
      const requestedAt = details.columns?.refundRequestedAt ?? new Date();
      await this.takeFromEscrow(em, payment, details.split!, String(requestedAt.getTime()));
    } else if (to === 'refused' && payment.refundAmount && payment.refundRequestedAt) {
      await this.ledger.post(
        em,
        refundRefused({
          paymentId,
          jobId: payment.jobId,
          amount: payment.refundAmount,
          attempt: String(payment.refundRequestedAt.getTime()),
        }),
      );
    } else if (to === 'refunded') {
      // PesaPal may reverse a payment nobody asked us to refund: the whole payment goes back then.
      const returned =
        from === 'requesting' || from === 'requested'
          ? (payment.refundAmount ?? 0)
          : await this.takeFromEscrow(
              em,
              payment,
              { toPesapal: payment.amount, toCredit: payment.creditApplied },
              'reversal',
            );
      if (returned > 0) {
        await this.ledger.post(em, refundConfirmed({ paymentId, jobId: payment.jobId, amount: returned }));
      }
    }
    await this.audit.record(
      {
        action: AUDIT_ACTION[to],
        actorId: actor.userId,
        target: { type: 'transaction', id: paymentId },
        meta: details.meta,
        details: details.auditDetails,
      },
      em,
    );
    return payment;
  }

  /** Posts the refund's request; returns what goes back through PesaPal. */
  private async takeFromEscrow(
    em: EntityManager,
    payment: Payment,
    split: RefundSplit,
    attempt: string,
  ): Promise<number> {
    if (split.toPesapal + split.toCredit === 0) return 0;
    await this.events.publish(em, {
      type: 'payment.refund_started',
      paymentId: payment.id,
      jobId: payment.jobId,
      amount: split.toPesapal + split.toCredit,
    });
    await this.ledger.post(
      em,
      refundRequested({
        paymentId: payment.id,
        jobId: payment.jobId,
        payerId: payment.payerId,
        ...split,
        attempt,
      }),
    );
    return split.toPesapal;
  }
}
