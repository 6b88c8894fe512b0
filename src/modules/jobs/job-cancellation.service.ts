import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { NotificationsService } from '../notifications/notifications.service.js';
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

    await this.transitions.transition(
      em,
      jobId,
      'cancelled',
      { userId: caller.userId },
      { ...details, reason },
    );
    await this.notifyCancelled(em, job, assignee?.professionalId ?? null, caller.userId, reason);
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
    if (job.status === 'paid') {
      throw new DomainError(
        'INVALID_JOB_TRANSITION',
        'This job is paid; ask the institution or support to cancel it with a refund.',
        { jobStatus: job.status, attempted: 'open' },
      );
    }
    await this.transitions.transition(
      em,
      job.id,
      'open',
      { userId: assignee.professionalId },
      { reason, meta },
    );
    await this.repository.deleteAssignee(em, assignee.id);
    await this.notifications.notify(em, {
      userId: job.institutionId,
      type: 'job.cancelled',
      title: `The professional withdrew from “${job.title}”`,
      body: `Reason: ${reason}. The job is open again for others to accept.`,
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
  ): Promise<void> {
    const stop = /[.!?]$/.test(reason) ? '' : '.';
    const body =
      job.status === 'paid' ? `Reason: ${reason}${stop} The payment is being refunded.` : `Reason: ${reason}`;
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
