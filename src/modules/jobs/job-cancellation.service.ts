import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { institutionCancellation, professionalWithdrawal } from './cancellation-policy.js';
import type { JobDto } from './dto/job-responses.dto.js';
import type { JobAssignee } from './job-assignee.entity.js';
import { JobTransitions, type JobTransitionDetails } from './job.transitions.js';
import type { Job } from './job.entity.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';

const REVERSAL_REASON = 'Payment reversed by PesaPal';

/**
 * The one way a job is cancelled, whoever asks: its institution or an admin (POST /jobs/:id/cancel,
 * POST /admin/jobs/:id/cancel), an admin refunding its payment (POST /admin/payments/:id/refund), or PesaPal
 * reversing its payment. The assigned professional "cancelling" an accepted job withdraws instead, which
 * reopens it. Cancelling a paid job refunds it: the `job.cancelled` event asks the payments module, which
 * records the refund in this transaction (or refuses, which rolls the cancellation back) and calls PesaPal
 * once it has committed.
 */
@Injectable()
export class JobCancellationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: JobsRepository,
    private readonly transitions: JobTransitions,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
  ) {}

  async cancel(caller: AuthContext, jobId: string, reason: string, meta: RequestMeta): Promise<JobDto> {
    await this.transactions.run((em) => this.cancelIn(em, caller, jobId, reason, { meta }));
    return this.jobs.get(caller, jobId);
  }

  /** The use case inside the caller's transaction (the payments module's admin refund runs it too). */
  async cancelIn(
    em: EntityManager,
    caller: AuthContext,
    jobId: string,
    reason: string,
    details: Omit<JobTransitionDetails, 'reason'>,
  ): Promise<void> {
    const job = await this.repository.lockById(em, jobId);
    if (!job) throw this.jobs.notFound();
    const assignee = await this.repository.findAssignee(em, jobId);
    const isOwner = caller.role === 'institution' && job.institutionId === caller.userId;
    const isAssignee = caller.role === 'professional' && assignee?.professionalId === caller.userId;
    if (!isOwner && !isAssignee && caller.role !== 'admin') throw this.jobs.notFound();
    if (isAssignee) return this.withdraw(em, job, assignee, reason, details.meta);
    if (job.disputed && caller.role !== 'admin') {
      throw new DomainError('JOB_DISPUTED', 'A dispute about this job is open: an admin resolves it first.');
    }

    const compensation = await this.compensationOf(em, job, details);
    await this.transitions.transition(
      em,
      jobId,
      'cancelled',
      { userId: caller.userId },
      {
        ...details,
        reason,
        ...(compensation > 0 && {
          compensation: { amount: compensation, commissionBps: job.commissionBps ?? 0 },
        }),
      },
    );
    await this.notifyCancelled(
      em,
      job,
      assignee?.professionalId ?? null,
      caller.userId,
      reason,
      compensation,
    );
  }

  /**
   * What a late cancellation of a booked shift owes its professional (cancellation-policy.ts): only for a
   * `paid` job cancelled by its institution or an admin; never when the professional caused it (a no-show),
   * nor when an admin refunds a payment with an amount of their own.
   */
  private async compensationOf(
    em: EntityManager,
    job: Job,
    details: Omit<JobTransitionDetails, 'reason'>,
  ): Promise<number> {
    if (job.status !== 'paid' || details.cause || details.refund) return 0;
    const paid = await this.ledger.escrowOf(em, job.id);
    return institutionCancellation(job, paid, job.commissionBps ?? 0, this.clock.now()).compensation;
  }

  /** PesaPal reversed the payment of a paid job: it is cancelled, with nothing left to refund. */
  async cancelForReversal(em: EntityManager, jobId: string): Promise<void> {
    const job = await this.repository.lockById(em, jobId);
    if (job?.status !== 'paid') return;
    const assignee = await this.repository.findAssignee(em, jobId);
    await this.transitions.transition(em, jobId, 'cancelled', { userId: null }, { reason: REVERSAL_REASON });
    await this.notifyCancelled(em, job, assignee?.professionalId ?? null, null, REVERSAL_REASON);
  }

  private async withdraw(
    em: EntityManager,
    job: Job,
    assignee: JobAssignee,
    reason: string,
    meta: RequestMeta | undefined,
  ): Promise<void> {
    if (job.disputed) {
      throw new DomainError('JOB_DISPUTED', 'A dispute about this job is open: an admin resolves it first.');
    }
    const at = this.clock.now();
    const { late } = professionalWithdrawal(job, at);
    await this.transitions.transition(
      em,
      job.id,
      'open',
      { userId: assignee.professionalId },
      { reason, meta, withdrawal: { late, at } },
    );
    await this.repository.deleteAssignee(em, assignee.id);
    const payment =
      job.status === 'paid'
        ? ' Your payment stays held for it: the next professional to accept books it at once, or cancel it for a full refund.'
        : '';
    await this.notifications.notify(em, {
      userId: job.institutionId,
      type: 'job.cancelled',
      title: `The professional withdrew from “${job.title}”`,
      body: `Reason: ${reason}. The job is open again for others to accept.${payment}`,
      data: { jobId: job.id, professionalId: assignee.professionalId },
      dedupeKey: `job.withdrawn:${assignee.id}`,
    });
  }

  /** The professional holding the job, and the institution unless it cancelled itself. */
  private async notifyCancelled(
    em: EntityManager,
    job: Job,
    professionalId: string | null,
    actorId: string | null,
    reason: string,
    compensation = 0,
  ): Promise<void> {
    const stop = /[.!?]$/.test(reason) ? '' : '.';
    const body =
      compensation > 0
        ? `Reason: ${reason}${stop} It was cancelled less than 24 hours before the start: the professional ` +
          `is paid ${compensation} ${job.currency} for it and the rest of the payment goes back.`
        : job.status === 'paid'
          ? `Reason: ${reason}${stop} The payment is being refunded.`
          : `Reason: ${reason}`;
    const recipients = [professionalId, actorId === job.institutionId ? null : job.institutionId];
    for (const userId of recipients.filter((id): id is string => id !== null)) {
      await this.notifications.notify(em, {
        userId,
        type: 'job.cancelled',
        title: `“${job.title}” was cancelled`,
        body,
        data: { jobId: job.id },
        dedupeKey: `job.cancelled:${job.id}`,
      });
    }
  }
}
