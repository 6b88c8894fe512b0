import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { JobAssignee } from '../jobs/job-assignee.entity.js';
import { Job } from '../jobs/job.entity.js';
import { PaidJobRefunds } from '../jobs/paid-job-refunds.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PesapalClient } from './pesapal/pesapal-client.js';
import { PesapalApiError, PesapalUnavailableError } from './pesapal/pesapal.errors.js';
import { Transaction } from './transaction.entity.js';

/**
 * Refunds through PesaPal's RefundRequest. A "200" from PesaPal only queues the refund: the job is
 * cancelled now, the transaction becomes `reversed` when GetTransactionStatus says so (IPN or
 * reconciliation, PaymentStatusApplier).
 */
@Injectable()
export class RefundsService extends PaidJobRefunds {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: PesapalClient,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  /** Admin refund of a completed payment; its job is cancelled with the remarks as the reason. */
  refundByAdmin(
    admin: AuthContext,
    transactionId: string,
    remarks: string,
    amount: number | undefined,
    meta: RequestMeta,
  ) {
    return this.dataSource.transaction(async (em) => {
      const known = await em.findOneBy(Transaction, { id: transactionId });
      if (!known) throw new DomainError('NOT_FOUND', 'No payment with this id.');
      // Lock order as everywhere: job first, then its transaction.
      const job = await em.findOne(Job, { where: { id: known.jobId }, lock: { mode: 'pessimistic_write' } });
      const message = await this.request(em, transactionId, admin, remarks, amount, meta);
      if (job && (job.status === 'paid' || job.status === 'accepted')) {
        await this.cancelJob(em, job, admin.userId, remarks);
      }
      return { transactionId, refundStatus: 'requested' as const, message };
    });
  }

  async refundForCancellation(
    em: EntityManager,
    job: Job,
    actor: AuthContext,
    reason: string,
    meta: RequestMeta,
  ): Promise<void> {
    const paid = await em.findOneBy(Transaction, { jobId: job.id, status: 'completed' });
    if (!paid) {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        'This job has no completed payment to refund; contact support.',
      );
    }
    await this.request(em, paid.id, actor, reason, undefined, meta);
    await this.cancelJob(em, job, actor.userId, reason);
  }

  private async request(
    em: EntityManager,
    transactionId: string,
    actor: AuthContext,
    remarks: string,
    amount: number | undefined,
    meta: RequestMeta,
  ): Promise<string> {
    const tx = await em.findOne(Transaction, {
      where: { id: transactionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!tx) throw new DomainError('NOT_FOUND', 'No payment with this id.');
    if (tx.status !== 'completed') {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        `Only completed payments can be refunded; this one is ${tx.status}.`,
      );
    }
    if (tx.refundStatus === 'requested' || tx.refundStatus === 'refunded') {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        'A refund was already requested for this payment (PesaPal allows one).',
      );
    }
    const refundAmount = amount ?? tx.amount;
    if (refundAmount > tx.amount) {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        `The refund cannot exceed the ${tx.amount} ${tx.currency} paid.`,
      );
    }
    let answer: { accepted: boolean; message: string };
    try {
      answer = await this.client.requestRefund({
        confirmationCode: tx.confirmationCode ?? '',
        amount: refundAmount,
        username: `qgig:${actor.userId}`,
        remarks,
      });
    } catch (error) {
      if (error instanceof PesapalUnavailableError || error instanceof PesapalApiError) {
        throw new DomainError(
          'PAYMENT_PROVIDER_UNAVAILABLE',
          'PesaPal could not take the refund request right now. Nothing changed; try again in a few minutes.',
        );
      }
      throw error;
    }
    if (!answer.accepted) {
      throw new DomainError(
        'REFUND_REFUSED',
        `PesaPal refused the refund: ${answer.message || 'no reason given'}.`,
      );
    }
    await em.update(Transaction, tx.id, {
      refundStatus: 'requested',
      refundAmount,
      refundRemarks: remarks,
      refundRequestedBy: actor.userId,
      refundRequestedAt: new Date(),
    });
    await this.audit.record(
      {
        action: 'payment.refund_requested',
        actorId: actor.userId,
        target: { type: 'transaction', id: tx.id },
        meta,
        details: { amount: refundAmount, remarks },
      },
      em,
    );
    return answer.message;
  }

  private async cancelJob(em: EntityManager, job: Job, actorId: string, reason: string): Promise<void> {
    await em.update(Job, job.id, {
      status: 'cancelled',
      cancelReason: reason,
      cancelledBy: actorId,
      cancelledAt: new Date(),
    });
    const assignee = await em.findOneBy(JobAssignee, { jobId: job.id });
    for (const userId of [
      assignee?.professionalId,
      actorId === job.institutionId ? undefined : job.institutionId,
    ]) {
      if (!userId) continue;
      await this.notifications.notify(em, {
        userId,
        type: 'job.cancelled',
        title: `“${job.title}” was cancelled`,
        body: `Reason: ${reason}. The payment is being refunded.`,
        data: { jobId: job.id },
        dedupeKey: `job.cancelled:${job.id}`,
      });
    }
  }
}
