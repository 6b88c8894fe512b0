import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { withTransaction } from '../../database/with-transaction.js';
import { AuditService } from '../audit/audit.service.js';
import { JobAssignee } from '../jobs/job-assignee.entity.js';
import { assertTransition } from '../jobs/job-status.js';
import { Job } from '../jobs/job.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PesapalClient, type TransactionStatus as PesapalStatus } from './pesapal/pesapal-client.js';
import { Transaction } from './transaction.entity.js';

/**
 * Applies PesaPal's GetTransactionStatus answer to a transaction — the only thing that changes the state of
 * a payment PesaPal knows. The row is locked and each move is allowed once (pending → completed happens once
 * however many IPNs, redirects and reconciliation ticks race), so the job change and the notifications
 * that go with it happen once too. The one move without PesaPal's word is failUnsubmitted.
 */
@Injectable()
export class PaymentStatusApplier {
  private readonly logger = new Logger(PaymentStatusApplier.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: PesapalClient,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Asks PesaPal about the order and applies the answer; undefined for an order we never created. */
  async verify(orderTrackingId: string): Promise<Transaction | undefined> {
    const known = await this.dataSource.manager.findOneBy(Transaction, { orderTrackingId });
    if (!known) return undefined;
    const status = await this.client.getTransactionStatus(orderTrackingId);
    return this.apply(known.id, status);
  }

  apply(transactionId: string, status: PesapalStatus): Promise<Transaction> {
    return this.dataSource.transaction(async (em) => {
      const tx = await em.findOne(Transaction, {
        where: { id: transactionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!tx) throw new Error(`Transaction ${transactionId} vanished`);
      await em.query(`UPDATE transactions SET last_status = $2 WHERE id = $1`, [
        tx.id,
        JSON.stringify(status.raw),
      ]);
      if (status.state === 'pending') return tx;
      if (!this.matches(tx, status)) {
        this.logger.warn(
          { transactionId, merchantReference: status.merchantReference },
          'PesaPal status does not match',
        );
        await this.audit.record(
          {
            action: 'payment.status_mismatch',
            actorId: null,
            target: { type: 'transaction', id: tx.id },
            details: {
              reported: {
                reference: status.merchantReference,
                amount: status.amount,
                currency: status.currency,
              },
            },
          },
          em,
        );
        return tx;
      }
      if (status.state === 'completed' && ['pending', 'failed', 'expired'].includes(tx.status)) {
        await this.complete(em, tx, status);
      } else if (status.state === 'failed' && tx.status === 'pending') {
        await this.fail(em, tx, status);
      } else if (status.state === 'reversed' && tx.status === 'completed') {
        await this.reverse(em, tx);
      }
      return (await em.findOneBy(Transaction, { id: tx.id }))!;
    });
  }

  /**
   * pending → failed for an order we never got a tracking id for (SubmitOrderRequest failed, or the process
   * died before recording its answer): nobody can pay it, since the payer never got its redirect URL, and
   * failing it frees the job for a new order. False if the row was no longer such an order.
   */
  failUnsubmitted(transactionId: string, reason: string): Promise<boolean> {
    return withTransaction(this.dataSource, async (em) => {
      const [failed]: [{ id: string }[], number] = await em.query(
        `UPDATE transactions SET status = 'failed'
          WHERE id = $1 AND status = 'pending' AND order_tracking_id IS NULL RETURNING id`,
        [transactionId],
      );
      if (failed.length === 0) return false;
      await this.audit.record(
        {
          action: 'payment.not_submitted',
          actorId: null,
          target: { type: 'transaction', id: transactionId },
          details: { reason },
        },
        em,
      );
      return true;
    });
  }

  /** A status must be about our order, a completed one about our amount too (docs/pesapal.md §6). */
  private matches(tx: Transaction, status: PesapalStatus): boolean {
    if (status.merchantReference !== null && status.merchantReference !== tx.merchantReference) return false;
    if (status.state !== 'completed') return true;
    return status.amount === tx.amount && (status.currency ?? tx.currency).toUpperCase() === tx.currency;
  }

  private async complete(em: EntityManager, tx: Transaction, status: PesapalStatus): Promise<void> {
    await em.update(Transaction, tx.id, {
      status: 'completed',
      completedAt: new Date(),
      paymentMethod: status.paymentMethod,
      confirmationCode: status.confirmationCode,
      paymentAccount: status.paymentAccount,
    });
    const job = await em.findOne(Job, { where: { id: tx.jobId }, lock: { mode: 'pessimistic_write' } });
    if (job?.status === 'accepted') {
      assertTransition(job.status, 'paid', 'pay for');
      await em.update(Job, job.id, { status: 'paid' });
    } else {
      // Paid after the job moved on (e.g. cancelled while the payer was on PesaPal's page): an admin refunds.
      this.logger.warn(
        { transactionId: tx.id, jobStatus: job?.status },
        'Payment completed for a job that is not accepted',
      );
      await this.audit.record(
        {
          action: 'payment.needs_refund',
          actorId: null,
          target: { type: 'transaction', id: tx.id },
          details: { jobStatus: job?.status },
        },
        em,
      );
    }
    const assignee = await em.findOneBy(JobAssignee, { jobId: tx.jobId });
    const title = job?.title ?? 'your job';
    await this.notifications.notify(em, {
      userId: tx.payerId,
      type: 'payment.completed',
      title: `Payment received for “${title}”`,
      body: `PesaPal confirmed ${tx.amount.toLocaleString('en-UG')} ${tx.currency} (receipt ${status.confirmationCode ?? '—'}).`,
      data: { transactionId: tx.id, jobId: tx.jobId },
      dedupeKey: `payment.completed:${tx.id}`,
    });
    if (assignee) {
      await this.notifications.notify(em, {
        userId: assignee.professionalId,
        type: 'payment.completed',
        title: `“${title}” is paid`,
        body: 'The institution has paid for this job: it is confirmed.',
        data: { transactionId: tx.id, jobId: tx.jobId },
        dedupeKey: `payment.completed:${tx.id}`,
      });
    }
    await this.audit.record(
      {
        action: 'payment.completed',
        actorId: null,
        target: { type: 'transaction', id: tx.id },
        details: { jobId: tx.jobId },
      },
      em,
    );
  }

  private async fail(em: EntityManager, tx: Transaction, status: PesapalStatus): Promise<void> {
    await em.update(Transaction, tx.id, { status: 'failed', paymentMethod: status.paymentMethod });
    await this.notifications.notify(em, {
      userId: tx.payerId,
      type: 'payment.failed',
      title: 'Payment failed',
      body: `${status.description ?? 'PesaPal reported the payment as failed'}. You can try again from the job.`,
      data: { transactionId: tx.id, jobId: tx.jobId },
      dedupeKey: `payment.failed:${tx.id}`,
    });
  }

  private async reverse(em: EntityManager, tx: Transaction): Promise<void> {
    await em.update(Transaction, tx.id, {
      status: 'reversed',
      refundStatus: 'refunded',
      refundedAt: new Date(),
    });
    const job = await em.findOne(Job, { where: { id: tx.jobId }, lock: { mode: 'pessimistic_write' } });
    if (job?.status === 'paid') {
      await em.update(Job, job.id, {
        status: 'cancelled',
        cancelReason: 'Payment reversed by PesaPal',
        cancelledAt: new Date(),
      });
    }
    const assignee = await em.findOneBy(JobAssignee, { jobId: tx.jobId });
    for (const userId of [tx.payerId, assignee?.professionalId].filter((id): id is string => Boolean(id))) {
      await this.notifications.notify(em, {
        userId,
        type: 'payment.refunded',
        title: 'Payment refunded',
        body: `The payment of ${tx.amount.toLocaleString('en-UG')} ${tx.currency} for this job was refunded.`,
        data: { transactionId: tx.id, jobId: tx.jobId },
        dedupeKey: `payment.refunded:${tx.id}`,
      });
    }
  }
}
