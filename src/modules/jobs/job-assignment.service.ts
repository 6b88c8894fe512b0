import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Professional } from '../professionals/professional.entity.js';
import { User } from '../users/user.entity.js';
import type { JobDto } from './dto/job-responses.dto.js';
import { JobAssignee } from './job-assignee.entity.js';
import { assertTransition } from './job-status.js';
import { PaidJobRefunds } from './paid-job-refunds.js';
import { Job } from './job.entity.js';
import { JobsService } from './jobs.service.js';
import { emailNotVerified } from '../users/email-not-verified.js';

/**
 * The moves of a job after posting: accept, withdraw/cancel, complete. Each runs in one transaction with
 * the job row locked (SELECT … FOR UPDATE), so concurrent requests are applied one at a time and every
 * loser sees the state the winner left; job_assignees_job_id_key backs the one-assignee rule in the schema.
 */
@Injectable()
export class JobAssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    @Optional() private readonly refunds?: PaidJobRefunds,
  ) {}

  async accept(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<JobDto> {
    await this.dataSource.transaction(async (em) => {
      const job = await this.lockJob(em, jobId);
      await this.assertEligible(em, caller.userId, job);
      if (job.status !== 'open') {
        if (job.status === 'accepted' || job.status === 'paid' || job.status === 'completed') {
          throw new DomainError('JOB_TAKEN', 'Another professional has already accepted this job.');
        }
        assertTransition(job.status, 'accepted', 'accept');
      }
      if (job.startsAt <= new Date()) {
        throw new DomainError('JOB_STARTED', 'This job has already started and can no longer be accepted.');
      }
      await this.assertNoClash(em, caller.userId, job);
      const assignee = await em.save(em.create(JobAssignee, { jobId, professionalId: caller.userId }));
      await em.update(Job, jobId, { status: 'accepted' });
      await this.notifications.notify(em, {
        userId: job.institutionId,
        type: 'job.accepted',
        title: `“${job.title}” was accepted`,
        body: 'A verified professional accepted your job. Pay for it to confirm the booking.',
        data: { jobId, professionalId: caller.userId },
        dedupeKey: `job.accepted:${assignee.id}`,
      });
      await this.audit.record(
        { action: 'job.accepted', actorId: caller.userId, target: { type: 'job', id: jobId }, meta },
        em,
      );
    });
    return this.jobs.get(caller, jobId);
  }

  /**
   * The institution (or an admin) cancels an open or accepted job, or a paid one with a refund started at
   * PesaPal; the assigned professional withdraws from an accepted job, which reopens it for others.
   */
  async cancel(caller: AuthContext, jobId: string, reason: string, meta: RequestMeta): Promise<JobDto> {
    await this.dataSource.transaction(async (em) => {
      const job = await this.lockJob(em, jobId);
      const assignee = await em.findOneBy(JobAssignee, { jobId });
      const isOwner = caller.role === 'institution' && job.institutionId === caller.userId;
      const isAssignee = caller.role === 'professional' && assignee?.professionalId === caller.userId;
      if (!isOwner && !isAssignee && caller.role !== 'admin') throw this.jobs.notFound();

      if (isAssignee) {
        await this.withdraw(em, job, assignee, reason, meta);
        return;
      }
      assertTransition(job.status, 'cancelled', 'cancel');
      if (job.status === 'paid') {
        if (!this.refunds) throw new Error('PaidJobRefunds is not provided (PaymentsModule missing)');
        await this.refunds.refundForCancellation(em, job, caller, reason, meta);
      }
      await em.update(Job, jobId, {
        status: 'cancelled',
        cancelReason: reason,
        cancelledBy: caller.userId,
        cancelledAt: new Date(),
      });
      const toNotify = [assignee?.professionalId, caller.role === 'admin' ? job.institutionId : undefined];
      for (const userId of toNotify.filter((id): id is string => id !== undefined)) {
        await this.notifications.notify(em, {
          userId,
          type: 'job.cancelled',
          title: `“${job.title}” was cancelled`,
          body: `Reason: ${reason}`,
          data: { jobId },
          dedupeKey: `job.cancelled:${jobId}`,
        });
      }
      await this.audit.record(
        {
          action: 'job.cancelled',
          actorId: caller.userId,
          target: { type: 'job', id: jobId },
          meta,
          details: { reason },
        },
        em,
      );
    });
    return this.jobs.get(caller, jobId);
  }

  /** The institution confirms a paid job was done. */
  async complete(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<JobDto> {
    await this.dataSource.transaction(async (em) => {
      const job = await this.lockJob(em, jobId);
      if (job.institutionId !== caller.userId) throw this.jobs.notFound();
      assertTransition(job.status, 'completed', 'complete');
      await em.update(Job, jobId, { status: 'completed', completedAt: new Date() });
      await this.audit.record(
        { action: 'job.completed', actorId: caller.userId, target: { type: 'job', id: jobId }, meta },
        em,
      );
    });
    return this.jobs.get(caller, jobId);
  }

  private async withdraw(
    em: EntityManager,
    job: Job,
    assignee: JobAssignee,
    reason: string,
    meta: RequestMeta,
  ): Promise<void> {
    if (job.status !== 'accepted') {
      throw new DomainError(
        'INVALID_JOB_TRANSITION',
        job.status === 'paid'
          ? 'This job is paid; ask the institution or support to cancel it with a refund.'
          : `Cannot withdraw from a job that is ${job.status}.`,
        { jobStatus: job.status, attempted: 'open' },
      );
    }
    assertTransition(job.status, 'open', 'withdraw from');
    await em.delete(JobAssignee, { id: assignee.id });
    await em.update(Job, job.id, { status: 'open' });
    await this.notifications.notify(em, {
      userId: job.institutionId,
      type: 'job.cancelled',
      title: `The professional withdrew from “${job.title}”`,
      body: `Reason: ${reason}. The job is open again for others to accept.`,
      data: { jobId: job.id, professionalId: assignee.professionalId },
      dedupeKey: `job.withdrawn:${assignee.id}`,
    });
    await this.audit.record(
      {
        action: 'job.withdrawn',
        actorId: assignee.professionalId,
        target: { type: 'job', id: job.id },
        meta,
        details: { reason },
      },
      em,
    );
  }

  private async lockJob(em: EntityManager, jobId: string): Promise<Job> {
    const job = await em.findOne(Job, { where: { id: jobId }, lock: { mode: 'pessimistic_write' } });
    if (!job) throw this.jobs.notFound();
    return job;
  }

  private async assertEligible(em: EntityManager, userId: string, job: Job): Promise<void> {
    const user = await em.findOneBy(User, { id: userId });
    if (!user?.emailVerifiedAt) {
      throw emailNotVerified('accepting jobs');
    }
    const profile = await em.findOneBy(Professional, { userId });
    if (!profile?.verified) {
      throw new DomainError(
        'NOT_VERIFIED',
        'Only verified professionals can accept jobs: upload the documents your profession needs and wait for approval.',
      );
    }
    if (profile.profession !== job.role) {
      throw new DomainError(
        'WRONG_PROFESSION',
        `This job is for a ${job.role}; your profile says ${profile.profession}.`,
      );
    }
  }

  /** Locks the professional's user row, so their own concurrent accepts run one at a time. */
  private async assertNoClash(em: EntityManager, userId: string, job: Job): Promise<void> {
    await em.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    const [clash] = await em.query<{ id: string }[]>(
      `SELECT j.id FROM job_assignees a JOIN jobs j ON j.id = a.job_id
        WHERE a.professional_id = $1 AND j.status IN ('accepted', 'paid')
          AND j.starts_at < $3 AND j.ends_at > $2
        LIMIT 1`,
      [userId, job.startsAt, job.endsAt],
    );
    if (clash) {
      throw new DomainError('SCHEDULE_CONFLICT', 'You already hold a job at an overlapping time.', {
        conflictingJobId: clash.id,
      });
    }
  }
}
