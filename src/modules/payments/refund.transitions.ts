import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
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

/**
 * The only way a payment's refund changes state: lock the payment row, check REFUND_TRANSITIONS, write
 * `refund_status` with its columns, and the audit row.
 */
@Injectable()
export class RefundTransitions {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Returns the payment as it was before the move. */
  async transition(
    em: EntityManager,
    paymentId: string,
    to: RefundStatus,
    actor: { userId: string | null },
    details: {
      columns?: RefundStatusColumns;
      auditDetails?: Record<string, unknown>;
      meta?: RequestMeta;
    } = {},
  ): Promise<Payment> {
    const payment = await this.payments.lockById(em, paymentId);
    if (!payment) throw new DomainError('NOT_FOUND', 'No payment with this id.');
    assertRefundTransition(refundStateOf(payment), to);
    await this.payments.writeRefundStatus(em, paymentId, to, {
      ...(to === 'refunded' && { refundedAt: new Date() }),
      ...details.columns,
    });
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
}
