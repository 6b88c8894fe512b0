import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { isAllowed } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { paymentCompleted } from '../ledger/posting-rules.js';
import type { Payment } from './payment.entity.js';
import type { PesapalStatusAnswer } from './pesapal/pesapal-client.js';
import { PAYMENT_TRANSITIONS, type PaymentStatus } from './payment-status.js';
import { PaymentsRepository, type PaymentStatusColumns } from './payments.repository.js';
import { ReceiptsService } from './receipts/receipts.service.js';

export interface PaymentTransitionDetails {
  /** Columns PesaPal's answer fills in (method, confirmation code, …). */
  columns?: PaymentStatusColumns;
  /** The audit action when it is not `payment.<to>` (e.g. payment.not_submitted). */
  action?: string;
  auditDetails?: Record<string, unknown>;
  meta?: RequestMeta;
}

/** Throws 409 invalid-payment-transition naming both states when PAYMENT_TRANSITIONS has no such move. */
export function assertPaymentTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!isAllowed(PAYMENT_TRANSITIONS, from, to)) {
    throw new DomainError('INVALID_PAYMENT_TRANSITION', `A payment that is ${from} cannot become ${to}.`, {
      paymentStatus: from,
      attempted: to,
    });
  }
}

/**
 * The only way a payment's status changes: lock the row (its job first, by the caller: job → payment is
 * the lock order), check PAYMENT_TRANSITIONS, write the state and the columns that go with it, the ledger
 * entry (completed: the money, and any credit spent, into the job's escrow), the audit row, and the event
 * the jobs module reacts to (completed → job paid, reversed → job cancelled).
 */
@Injectable()
export class PaymentTransitions {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly ledger: LedgerService,
    private readonly receipts: ReceiptsService,
  ) {}

  /** Returns the payment as it was before the move. */
  async transition(
    em: EntityManager,
    paymentId: string,
    to: PaymentStatus,
    actor: { userId: string | null },
    details: PaymentTransitionDetails = {},
  ): Promise<Payment> {
    const payment = await this.payments.lockById(em, paymentId);
    if (!payment) throw new DomainError('NOT_FOUND', 'No payment with this id.');
    assertPaymentTransition(payment.status, to);
    const completedAt = details.columns?.completedAt ?? new Date();
    await this.payments.writeStatus(em, paymentId, to, {
      ...details.columns,
      ...(to === 'completed' && { completedAt }),
    });
    if (to === 'completed') {
      await this.ledger.post(
        em,
        paymentCompleted({
          paymentId,
          jobId: payment.jobId,
          payerId: payment.payerId,
          charged: payment.amount,
          credit: payment.creditApplied,
        }),
      );
      // Receipt: numbered (gapless per year) in the completion's transaction, dated as the completion.
      await this.receipts.issue(em, paymentId, completedAt);
    }
    await this.audit.record(
      {
        action: details.action ?? `payment.${to}`,
        actorId: actor.userId,
        target: { type: 'transaction', id: paymentId },
        meta: details.meta,
        details: {
          jobId: payment.jobId,
          ...(payment.status !== 'pending' && { from: payment.status }),
          ...details.auditDetails,
        },
      },
      em,
    );
    const facts = {
      paymentId,
      jobId: payment.jobId,
      payerId: payment.payerId,
      amount: payment.amount,
      currency: payment.currency,
    };
    if (to === 'completed') {
      await this.events.publish(em, {
        type: 'payment.completed',
        ...facts,
        confirmationCode: details.columns?.confirmationCode ?? null,
      });
    } else if (to === 'reversed') {
      await this.events.publish(em, { type: 'payment.reversed', ...facts });
    }
    return payment;
  }

  /** An answer about another order or amount changes nothing, but an admin must see it. */
  async recordMismatch(em: EntityManager, payment: Payment, answer: PesapalStatusAnswer): Promise<void> {
    await this.audit.record(
      {
        action: 'payment.status_mismatch',
        actorId: null,
        target: { type: 'transaction', id: payment.id },
        details: {
          reported: { reference: answer.merchantReference, amount: answer.amount, currency: answer.currency },
        },
      },
      em,
    );
  }
}
