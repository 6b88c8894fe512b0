import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { EarningsService } from '../earnings/earnings.service.js';
import { Clock } from '../../common/clock/clock.js';
import { ReliabilityService } from '../reliability/reliability.service.js';
import { JobsService, type JobParticipants } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { openedNotices } from './dispute-notices.js';
import type { DisputeOpenerRole, DisputeStatus } from './dispute-status.js';
import type { DisputeDto, DisputeListDto, DisputePageDto, OpenDisputeDto } from './disputes.dto.js';
import { toDisputeDto } from './disputes.mapper.js';
import { DisputesRepository } from './disputes.repository.js';

/**
 * Opening and reading disputes. A party opens one while the job is paid, or completed less than
 * DISPUTE_WINDOW_HOURS ago with its earnings still held: the job cannot be completed and the earnings are
 * not released until an admin resolves it (DisputeResolutionService).
 */
@Injectable()
export class DisputesService {
  private readonly windowMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly disputes: DisputesRepository,
    private readonly jobs: JobsService,
    private readonly earnings: EarningsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly reliability: ReliabilityService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.windowMs = config.get('money', { infer: true }).disputeWindowHours * 3_600_000;
  }

  /** POST /jobs/:id/disputes: the job's institution or its assigned professional. */
  async open(
    caller: AuthContext,
    jobId: string,
    dto: OpenDisputeDto,
    meta: RequestMeta,
  ): Promise<DisputeDto> {
    const id = await this.transactions.run((em) => this.openIn(em, caller, jobId, dto, meta));
    return toDisputeDto((await this.disputes.findView(id))!);
  }

  /**
   * Opens a dispute in the caller's transaction (the shifts module disputing a timesheet); answers its id.
   * Locks the job first (job → dispute), so a caller that already holds it keeps the lock order.
   */
  async openIn(
    em: EntityManager,
    caller: AuthContext,
    jobId: string,
    dto: OpenDisputeDto,
    meta: RequestMeta,
  ): Promise<string> {
    const job = await this.jobs.lockParticipants(em, jobId);
    const role = job && partyRole(caller, job);
    if (!job || !role) throw notFound();
    if (await this.disputes.findOpenForJob(em, jobId)) {
      throw new DomainError(
        'DISPUTE_OPEN',
        'A dispute about this job is already open; an admin resolves it before another can be opened.',
      );
    }
    const noShow = await this.noShowDisputable(em, job, role);
    if (!noShow) await this.assertDisputable(em, job);
    const disputeId = await this.disputes.insertOpen(em, {
      jobId,
      openedBy: caller.userId,
      openedByRole: role,
      reason: dto.reason,
      details: dto.details ?? null,
    });
    if (!noShow) await this.jobs.setDisputed(em, jobId, true);
    if (job.status === 'completed') await this.earnings.freeze(em, jobId, caller.userId);
    await this.audit.record(
      {
        action: 'dispute.opened',
        actorId: caller.userId,
        target: { type: 'dispute', id: disputeId },
        meta,
        details: { jobId, jobStatus: job.status, openedByRole: role, reason: dto.reason },
      },
      em,
    );
    const parties = {
      jobId,
      title: job.title,
      institutionId: job.institutionId,
      professionalId: job.professionalId,
    };
    for (const notice of openedNotices(parties, {
      id: disputeId,
      reason: dto.reason,
      openedByRole: role,
    })) {
      await this.notifications.notify(em, notice);
    }
    return disputeId;
  }

  /** GET /jobs/:id/disputes: the job's parties and admins; others 404. */
  async listForJob(caller: AuthContext, jobId: string): Promise<DisputeListDto> {
    const job = await this.jobs.findParticipants(jobId);
    if (!job || (caller.role !== 'admin' && !partyRole(caller, job))) throw notFound();
    return { items: (await this.disputes.listForJob(jobId)).map(toDisputeDto) };
  }

  /** GET /admin/disputes: one status, oldest first. */
  async queue(status: DisputeStatus, limit: number, cursor?: string): Promise<DisputePageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.disputes.listByStatus(status, after, limit + 1);
    return toPage(rows, limit, (row) => [row.created_key, row.id], toDisputeDto);
  }

  /**
   * A cancelled job whose professional the institution reported as a no-show: the professional may dispute
   * the report within DISPUTE_WINDOW_HOURS of it. No money is at stake (the payment went back in full); the
   * dispute decides whether the no-show counts against them.
   */
  private async noShowDisputable(em: EntityManager, job: JobParticipants, role: string): Promise<boolean> {
    if (job.status !== 'cancelled' || role !== 'professional' || !job.professionalId) return false;
    const reportedAt = await this.reliability.noShowAt(em, job.id, job.professionalId);
    if (!reportedAt) return false;
    const closesAt = new Date(reportedAt.getTime() + this.windowMs);
    if (closesAt <= this.clock.now()) {
      throw new DomainError('DISPUTE_NOT_ALLOWED', 'The time to dispute this no-show is over.', {
        windowClosedAt: closesAt.toISOString(),
      });
    }
    return true;
  }

  /** Paid, or completed within the window with its earnings still held (not released, voided or frozen). */
  private async assertDisputable(em: EntityManager, job: JobParticipants): Promise<void> {
    if (job.status === 'paid') return;
    if (job.status !== 'completed') {
      throw new DomainError(
        'DISPUTE_NOT_ALLOWED',
        `Only paid or recently completed jobs can be disputed; this one is ${job.status}.`,
        { jobStatus: job.status },
      );
    }
    const closesAt = new Date((job.completedAt?.getTime() ?? 0) + this.windowMs);
    if (closesAt <= new Date()) {
      throw new DomainError(
        'DISPUTE_NOT_ALLOWED',
        'The time to dispute this job is over: disputes are opened soon after completion.',
        { windowClosedAt: closesAt.toISOString() },
      );
    }
    const earnings = await this.earnings.lockStatus(em, job.id);
    if (earnings !== 'held') {
      throw new DomainError(
        'DISPUTE_NOT_ALLOWED',
        earnings === 'released'
          ? 'The earnings from this job were already released to the professional; contact support.'
          : 'There is no payment for this job left to dispute.',
        { earningsStatus: earnings },
      );
    }
  }
}

/** The caller's part in the job, or null when they have none. */
export function partyRole(caller: AuthContext, job: JobParticipants): DisputeOpenerRole | null {
  if (caller.role === 'institution' && job.institutionId === caller.userId) return 'institution';
  if (caller.role === 'professional' && job.professionalId === caller.userId) return 'professional';
  return null;
}

export function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No job with this id that you can see.');
}
