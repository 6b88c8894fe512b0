import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { KAMPALA_ZONE, kampalaParts } from '../../common/time/kampala-calendar.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import type { ReliabilityDto, UnblockResultDto } from './reliability.dto.js';
import { toReliabilityDto } from './reliability.mapper.js';
import { ReliabilityRepository, type ReliabilityEventKind } from './reliability.repository.js';
import {
  BLOCK_MS,
  blocksAccepting,
  NO_SHOW_WINDOW_MS,
  NO_SHOWS_TO_BLOCK,
  reliabilityOf,
} from './reliability-score.js';

/**
 * What counts for and against a professional's reliability, recorded from other modules' events in their
 * transaction: `job.booked`, `job.completed`, a late `job.withdrawn`, a no-show (`shift.no_show`, or a job
 * cancelled with `cause: 'no_show'`). Three no-shows in 90 days block accepting jobs for 7 days; an admin
 * may lift the block. Depends on no module that reads it (jobs and professionals ask this one).
 */
@Injectable()
export class ReliabilityService implements OnModuleInit {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: ReliabilityRepository,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.on('job.booked', async (em, e) => {
      await this.record(em, e.professionalId, e.jobId, 'booked');
    });
    this.events.on('job.completed', async (em, e) => {
      if (e.professionalId) await this.record(em, e.professionalId, e.jobId, 'completed');
    });
    this.events.on('job.withdrawn', async (em, e) => {
      if (e.late) await this.record(em, e.professionalId, e.jobId, 'late_withdrawal', e.at);
    });
    this.events.on('shift.no_show', (em, e) => this.recordNoShow(em, e.professionalId, e.jobId, e.at));
    this.events.on('job.cancelled', async (em, e) => {
      if (e.cause === 'no_show' && e.professionalId) await this.recordNoShow(em, e.professionalId, e.jobId);
    });
  }

  /** The professional's reliability (GET /professionals/:id, candidates). */
  async of(professionalId: string, em?: EntityManager): Promise<ReliabilityDto> {
    const [shifts, blockedUntil] = await Promise.all([
      this.repository.shiftsOf(professionalId, em),
      this.repository.blockedUntil(professionalId, this.clock.now(), em),
    ]);
    return toReliabilityDto(reliabilityOf(shifts), blockedUntil);
  }

  /** Refuses (403 accept-blocked, naming the date) while a block is in force; JobAssignmentService.accept asks. */
  async assertMayAccept(em: EntityManager, professionalId: string): Promise<void> {
    const until = await this.repository.blockedUntil(professionalId, this.clock.now(), em);
    if (!until) return;
    const p = kampalaParts(until);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
    throw new DomainError(
      'ACCEPT_BLOCKED',
      `You can accept jobs again from ${local} (${KAMPALA_ZONE}): ${NO_SHOWS_TO_BLOCK} no-shows within 90 days ` +
        'block accepting for 7 days. Contact support if this is wrong.',
      { blockedUntil: until.toISOString() },
    );
  }

  /** When the professional's no-show on this job was reported (and not overturned); null if there is none. */
  noShowAt(em: EntityManager, jobId: string, professionalId: string): Promise<Date | null> {
    return this.repository.noShowAt(em, jobId, professionalId);
  }

  /**
   * A dispute found the no-show unfounded: it no longer counts against the professional, and a block it
   * caused is lifted when fewer than three no-shows remain within 90 days. In the caller's transaction.
   */
  async overturnNoShow(
    em: EntityManager,
    jobId: string,
    professionalId: string,
    adminId: string,
  ): Promise<void> {
    if (!(await this.record(em, professionalId, jobId, 'no_show_overturned'))) return;
    const now = this.clock.now();
    const recent = await this.repository.countNoShowsSince(
      em,
      professionalId,
      new Date(now.getTime() - NO_SHOW_WINDOW_MS),
    );
    const lifted = blocksAccepting(recent)
      ? 0
      : await this.repository.liftBlocks(em, professionalId, adminId, now);
    await this.audit.record(
      {
        action: 'professional.no_show_overturned',
        actorId: adminId,
        target: { type: 'user', id: professionalId },
        details: { jobId, noShowsWithin90Days: recent, blocksLifted: lifted },
      },
      em,
    );
  }

  /** POST /admin/professionals/:id/unblock: lifts the blocks in force, audited. */
  async unblock(admin: AuthContext, professionalId: string, meta: RequestMeta): Promise<UnblockResultDto> {
    if (!(await this.repository.isProfessional(professionalId))) {
      throw new DomainError('NOT_FOUND', 'No professional with this id.');
    }
    const lifted = await this.transactions.run(async (em) => {
      const count = await this.repository.liftBlocks(em, professionalId, admin.userId, this.clock.now());
      await this.audit.record(
        {
          action: 'professional.accept_unblocked',
          actorId: admin.userId,
          target: { type: 'user', id: professionalId },
          meta,
          details: { lifted: count },
        },
        em,
      );
      return count;
    });
    return { professionalId, lifted, reliability: await this.of(professionalId) };
  }

  /**
   * The score as numeric text with 4 decimals, computed in SQL (reliability.sql.ts) in the caller's
   * transaction: what the professionals module stores on `reliability.changed`.
   */
  scoreOf(em: EntityManager, professionalId: string): Promise<string> {
    return this.repository.scoreOf(em, professionalId);
  }

  /**
   * Records the event once; anything but `booked` (a job's first event, which never counts on its own) may
   * change the score, so `reliability.changed` follows in the same transaction.
   */
  private async record(
    em: EntityManager,
    professionalId: string,
    jobId: string,
    kind: ReliabilityEventKind,
    at: Date = this.clock.now(),
  ): Promise<boolean> {
    const recorded = await this.repository.record(em, { professionalId, jobId, kind, at });
    if (recorded && kind !== 'booked') {
      await this.events.publish(em, { type: 'reliability.changed', professionalId });
    }
    return recorded;
  }

  /** A no-show; the third within 90 days blocks accepting for 7 days (unless a block is in force already). */
  private async recordNoShow(
    em: EntityManager,
    professionalId: string,
    jobId: string,
    at: Date = this.clock.now(),
  ): Promise<void> {
    if (!(await this.record(em, professionalId, jobId, 'no_show', at))) return;
    const now = this.clock.now();
    const recent = await this.repository.countNoShowsSince(
      em,
      professionalId,
      new Date(now.getTime() - NO_SHOW_WINDOW_MS),
    );
    if (!blocksAccepting(recent) || (await this.repository.blockedUntil(professionalId, now, em))) return;
    const until = new Date(now.getTime() + BLOCK_MS);
    await this.repository.insertBlock(em, professionalId, until, `${recent} no-shows within 90 days`);
    await this.audit.record(
      {
        action: 'professional.accept_blocked',
        actorId: null,
        target: { type: 'user', id: professionalId },
        details: { noShows: recent, blockedUntil: until.toISOString(), jobId },
      },
      em,
    );
  }
}
