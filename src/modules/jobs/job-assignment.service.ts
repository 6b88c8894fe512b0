import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import { ReliabilityService } from '../reliability/reliability.service.js';
import { emailNotVerified } from '../users/email-not-verified.js';
import { UsersService } from '../users/users.service.js';
import type { JobDto } from './dto/job-responses.dto.js';
import { JobTransitions, type JobActor } from './job.transitions.js';
import type { Job } from './job.entity.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';

/**
 * Accepting and completing a job. Each runs in one transaction with the job row locked (JobTransitions),
 * so concurrent requests are applied one at a time and every loser sees the state the winner left;
 * job_assignees_job_id_key backs the one-assignee rule in the schema. Cancelling: JobCancellationService.
 */
@Injectable()
export class JobAssignmentService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: JobsRepository,
    private readonly transitions: JobTransitions,
    private readonly jobs: JobsService,
    private readonly users: UsersService,
    private readonly professionals: ProfessionalsService,
    private readonly notifications: NotificationsService,
    private readonly ledger: LedgerService,
    private readonly reliability: ReliabilityService,
    private readonly events: DomainEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.platformFeeBps = config.get('money', { infer: true }).platformFeeBps;
  }

  private readonly platformFeeBps: number;

  async accept(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<JobDto> {
    await this.transactions.run(async (em) => {
      const job = await this.repository.lockById(em, jobId);
      if (!job) throw this.jobs.notFound();
      // Locking the professional's user row runs their own concurrent accepts one at a time.
      const user = await this.users.lockLive(em, caller.userId);
      if (!user.emailVerifiedAt) throw emailNotVerified('accepting jobs');
      await this.assertQualified(em, caller.userId, job);
      await this.reliability.assertMayAccept(em, caller.userId);
      if (job.status === 'accepted' || job.status === 'paid' || job.status === 'completed') {
        throw new DomainError('JOB_TAKEN', 'Another professional has already accepted this job.');
      }
      if (job.status === 'open' && job.startsAt <= new Date()) {
        throw new DomainError('JOB_STARTED', 'This job has already started and can no longer be accepted.');
      }
      await this.transitions.transition(em, jobId, 'accepted', { userId: caller.userId }, { meta });
      await this.assertNoClash(em, caller.userId, job);
      const assigneeId = await this.repository.insertAssignee(em, jobId, caller.userId);
      await this.repository.freezeCommission(em, jobId, this.platformFeeBps);
      // A professional withdrew from this job after it was paid: its payment waits in escrow, so this
      // acceptance books the shift at once, with no new payment.
      if ((await this.ledger.escrowOf(em, jobId)) > 0) {
        await this.transitions.transition(
          em,
          jobId,
          'paid',
          { userId: null },
          { reason: 'Paid before: rebooked' },
        );
      }
      await this.notifications.notify(em, {
        userId: job.institutionId,
        type: 'job.accepted',
        title: `“${job.title}” was accepted`,
        body: 'A verified professional accepted your job. Pay for it to confirm the booking.',
        data: { jobId, professionalId: caller.userId },
        dedupeKey: `job.accepted:${assigneeId}`,
      });
    });
    return this.jobs.get(caller, jobId);
  }

  /** The institution confirms a paid job was done (approving its submitted timesheet, or else the plan). */
  async complete(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<JobDto> {
    await this.transactions.run(async (em) => {
      const job = await this.repository.lockById(em, jobId);
      if (!job || job.institutionId !== caller.userId) throw this.jobs.notFound();
      await this.confirmCompletion(em, jobId, { userId: caller.userId }, meta);
    });
    return this.jobs.get(caller, jobId);
  }

  /**
   * Completes a paid job its institution confirmed (or the timesheet sweep, `userId: null`), in the
   * caller's transaction: `job.completing` first, so what was worked is settled (the shifts module approves
   * a submitted timesheet and returns an hourly job's unworked part) before `job.completed` earns on what
   * escrow holds. Refused while a dispute is open.
   */
  async confirmCompletion(
    em: EntityManager,
    jobId: string,
    actor: JobActor,
    meta?: RequestMeta,
  ): Promise<void> {
    const job = await this.repository.lockById(em, jobId);
    if (!job) throw this.jobs.notFound();
    if (job.disputed) {
      throw new DomainError('JOB_DISPUTED', 'A dispute about this job is open: an admin resolves it first.');
    }
    if (job.status === 'paid') {
      await this.events.publish(em, { type: 'job.completing', jobId, actorId: actor.userId });
    }
    await this.transitions.transition(em, jobId, 'completed', actor, { meta });
  }

  /** A dispute resolved in the professional's favour completes the paid job (in the resolution's transaction). */
  async completeForDispute(em: EntityManager, jobId: string, adminId: string): Promise<void> {
    await this.repository.lockById(em, jobId);
    await this.repository.setDisputed(em, jobId, false);
    await this.transitions.transition(
      em,
      jobId,
      'completed',
      { userId: adminId },
      { reason: 'Dispute resolved' },
    );
  }

  private async assertQualified(em: EntityManager, userId: string, job: Job): Promise<void> {
    const profile = await this.professionals.findQualification(em, userId);
    if (!profile?.verified) {
      throw new DomainError(
        'NOT_VERIFIED',
        'Only verified professionals can accept jobs: upload the documents your profession needs and wait for approval.',
      );
    }
    if (profile.profession !== job.profession) {
      throw new DomainError(
        'WRONG_PROFESSION',
        `This job is for a ${job.profession}; your profile says ${profile.profession}.`,
      );
    }
  }

  private async assertNoClash(em: EntityManager, professionalId: string, job: Job): Promise<void> {
    const clash = await this.repository.findOverlappingHeldJob(em, professionalId, job.startsAt, job.endsAt);
    if (clash) {
      throw new DomainError('SCHEDULE_CONFLICT', 'You already hold a job at an overlapping time.', {
        conflictingJobId: clash,
      });
    }
  }
}
