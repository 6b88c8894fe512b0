import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobsService, type JobParticipants } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { Payment } from './payment.entity.js';
import { PaymentTransitions } from './payment.transitions.js';
import { PaymentsRepository } from './payments.repository.js';
import { PesapalClient, type PesapalStatusAnswer } from './pesapal/pesapal-client.js';
import { RefundTransitions, refundStateOf } from './refund.transitions.js';

/**
 * Applies PesaPal's GetTransactionStatus answer to a payment — the only thing that changes the state of a
 * payment PesaPal knows. The job row, then the payment row, are locked (the global lock order) and each
 * move is allowed once (pending → completed happens once however many IPNs, redirects and reconciliation
 * ticks race), so the job change and the notifications that go with it happen once too. The one move
 * without PesaPal's word is failUnsubmitted.
 */
@Injectable()
export class PaymentStatusApplier {
  private readonly logger = new Logger(PaymentStatusApplier.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentsRepository,
    private readonly transitions: PaymentTransitions,
    private readonly refunds: RefundTransitions,
    private readonly jobs: JobsService,
    private readonly client: PesapalClient,
    private readonly notifications: NotificationsService,
  ) {}

  /** Asks PesaPal about the order and applies the answer; undefined for an order we never created. */
  async verify(orderTrackingId: string): Promise<Payment | undefined> {
    const known = await this.payments.findByOrderTrackingId(orderTrackingId);
    if (!known) return undefined;
    const answer = await this.client.getTransactionStatus(orderTrackingId);
    return this.apply(known.id, answer);
  }

  apply(paymentId: string, answer: PesapalStatusAnswer): Promise<Payment> {
    return this.transactions.run(async (em) => {
      const known = await this.payments.findById(paymentId, em);
      if (!known) throw new Error(`Payment ${paymentId} vanished`);
      const job = answer.state === 'pending' ? null : await this.jobs.lockParticipants(em, known.jobId);
      const payment = (await this.payments.lockById(em, paymentId))!;
      await this.payments.recordAnswer(em, paymentId, answer.raw);
      if (answer.state === 'pending') return payment;
      if (!this.matches(payment, answer)) {
        this.logger.warn(
          { transactionId: paymentId, merchantReference: answer.merchantReference },
          'PesaPal status does not match',
        );
        await this.transitions.recordMismatch(em, payment, answer);
        return payment;
      }
      if (answer.state === 'completed' && ['pending', 'failed', 'expired'].includes(payment.status)) {
        await this.complete(em, payment, answer, job);
      } else if (answer.state === 'failed' && payment.status === 'pending') {
        await this.fail(em, payment, answer);
      } else if (answer.state === 'reversed' && payment.status === 'completed') {
        await this.reverse(em, payment, job);
      }
      return (await this.payments.findById(paymentId, em))!;
    });
  }

  /**
   * pending → failed for an order we never got a tracking id for (SubmitOrderRequest failed, or the process
   * died before recording its answer): nobody can pay it, since the payer never got its redirect URL, and
   * failing it frees the job for a new order. False if the row was no longer such an order.
   */
  failUnsubmitted(paymentId: string, reason: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const payment = await this.payments.lockById(em, paymentId);
      if (payment?.status !== 'pending' || payment.orderTrackingId !== null) return false;
      await this.transitions.transition(em, paymentId, 'failed', SYSTEM, {
        action: 'payment.not_submitted',
        auditDetails: { reason },
      });
      return true;
    });
  }

  /** An answer must be about our order, a completed one about our amount too (docs/pesapal.md §6). */
  private matches(payment: Payment, answer: PesapalStatusAnswer): boolean {
    if (answer.merchantReference !== null && answer.merchantReference !== payment.merchantReference)
      return false;
    if (answer.state !== 'completed') return true;
    return (
      answer.amount === payment.amount &&
      (answer.currency ?? payment.currency).toUpperCase() === payment.currency
    );
  }

  private async complete(
    em: EntityManager,
    payment: Payment,
    answer: PesapalStatusAnswer,
    job: JobParticipants | null,
  ): Promise<void> {
    await this.transitions.transition(em, payment.id, 'completed', SYSTEM, {
      columns: {
        paymentMethod: answer.paymentMethod,
        confirmationCode: answer.confirmationCode,
        paymentAccount: answer.paymentAccount,
      },
    });
    const title = job?.title ?? 'your job';
    const data = { transactionId: payment.id, jobId: payment.jobId };
    await this.notifications.notify(em, {
      userId: payment.payerId,
      type: 'payment.completed',
      title: `Payment received for “${title}”`,
      body: `PesaPal confirmed ${payment.amount.toLocaleString('en-UG')} ${payment.currency} (receipt ${answer.confirmationCode ?? '—'}).`,
      data,
      dedupeKey: `payment.completed:${payment.id}`,
    });
    if (job?.professionalId) {
      await this.notifications.notify(em, {
        userId: job.professionalId,
        type: 'payment.completed',
        title: `“${title}” is paid`,
        body: 'The institution has paid for this job: it is confirmed.',
        data,
        dedupeKey: `payment.completed:${payment.id}`,
      });
    }
  }

  private async fail(em: EntityManager, payment: Payment, answer: PesapalStatusAnswer): Promise<void> {
    await this.transitions.transition(em, payment.id, 'failed', SYSTEM, {
      columns: { paymentMethod: answer.paymentMethod },
    });
    await this.notifications.notify(em, {
      userId: payment.payerId,
      type: 'payment.failed',
      title: 'Payment failed',
      body: `${answer.description ?? 'PesaPal reported the payment as failed'}. You can try again from the job.`,
      data: { transactionId: payment.id, jobId: payment.jobId },
      dedupeKey: `payment.failed:${payment.id}`,
    });
  }

  /** PesaPal returned the money (our refund, or its own reversal): the refund is done, a paid job cancelled. */
  private async reverse(em: EntityManager, payment: Payment, job: JobParticipants | null): Promise<void> {
    if (refundStateOf(payment) !== 'refunded') {
      await this.refunds.transition(em, payment.id, 'refunded', SYSTEM);
    }
    await this.transitions.transition(em, payment.id, 'reversed', SYSTEM);
    for (const userId of [payment.payerId, job?.professionalId].filter((id): id is string => Boolean(id))) {
      await this.notifications.notify(em, {
        userId,
        type: 'payment.refunded',
        title: 'Payment refunded',
        body: `The payment of ${payment.amount.toLocaleString('en-UG')} ${payment.currency} for this job was refunded.`,
        data: { transactionId: payment.id, jobId: payment.jobId },
        dedupeKey: `payment.refunded:${payment.id}`,
      });
    }
  }
}

const SYSTEM = { userId: null };
