import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { EarningsService } from '../earnings/earnings.service.js';
import { JobAssignmentService } from '../jobs/job-assignment.service.js';
import { JobCancellationService } from '../jobs/job-cancellation.service.js';
import { JobsService, type JobParticipants } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RefundsService } from '../payments/refunds.service.js';
import { ReliabilityService } from '../reliability/reliability.service.js';
import { resolvedNotices, type ResolvedMoney } from './dispute-notices.js';
import { DisputeTransitions } from './dispute.transitions.js';
import type { DisputeDto, ResolveDisputeDto } from './disputes.dto.js';
import { toDisputeDto } from './disputes.mapper.js';
import { DisputesRepository } from './disputes.repository.js';

/**
 * An admin resolves an open dispute, in one transaction: the job is locked first (job → dispute → payment →
 * ledger accounts), the dispute moves to `resolved`, the money moves, and both parties are notified.
 * - release: the professional is paid as on completion (a paid job completes; a completed one's earnings
 *   are held again, or released at once if their holding period is over);
 * - refund: everything goes back to the institution (a paid job is cancelled, which refunds it; a completed
 *   one is refunded in full, its earnings going back to escrow through the refund);
 * - split: the professional gets `professionalAmount` (commission on it only), the rest goes back to the
 *   institution (a partial refund for a card, credit for mobile money: RefundsService decides).
 */
@Injectable()
export class DisputeResolutionService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly disputes: DisputesRepository,
    private readonly transitions: DisputeTransitions,
    private readonly jobs: JobsService,
    private readonly assignment: JobAssignmentService,
    private readonly cancellation: JobCancellationService,
    private readonly earnings: EarningsService,
    private readonly refunds: RefundsService,
    private readonly notifications: NotificationsService,
    private readonly reliability: ReliabilityService,
  ) {}

  /** POST /admin/disputes/:id/resolve. */
  async resolve(
    admin: AuthContext,
    id: string,
    dto: ResolveDisputeDto,
    meta: RequestMeta,
  ): Promise<DisputeDto> {
    assertAmountGiven(dto);
    const jobId = await this.disputes.findJobId(id);
    if (!jobId) throw new DomainError('NOT_FOUND', 'No dispute with this id.');
    await this.transactions.run(async (em) => {
      const job = (await this.jobs.lockParticipants(em, jobId))!;
      const professionalAmount = dto.outcome === 'split' ? dto.professionalAmount! : null;
      await this.transitions.transition(
        em,
        id,
        'resolved',
        { userId: admin.userId, meta },
        {
          outcome: dto.outcome,
          professionalAmount,
          note: dto.note,
          resolvedBy: admin.userId,
          auditDetails: { jobStatus: job.status, jobAmount: job.amount },
        },
      );
      if (professionalAmount !== null) assertSplitBelowAmount(professionalAmount, job);
      const money = await this.settle(em, admin, id, job, dto, meta);
      const parties = {
        jobId,
        title: job.title,
        institutionId: job.institutionId,
        professionalId: job.professionalId,
      };
      for (const notice of resolvedNotices(parties, id, money, dto.note)) {
        await this.notifications.notify(em, notice);
      }
    });
    return toDisputeDto((await this.disputes.findView(id))!);
  }

  /** Moves the job's money as the outcome says; answers what each party got. */
  private async settle(
    em: EntityManager,
    admin: AuthContext,
    disputeId: string,
    job: JobParticipants,
    dto: ResolveDisputeDto,
    meta: RequestMeta,
  ): Promise<ResolvedMoney> {
    const commissionBps = job.commissionBps ?? 0;
    const base = { outcome: dto.outcome, amount: job.amount, currency: job.currency, commissionBps };
    const noShowAt =
      job.status === 'cancelled' && job.professionalId
        ? await this.reliability.noShowAt(em, job.id, job.professionalId)
        : null;
    if (noShowAt) {
      // A disputed no-show: the money went back already; the outcome decides whether the no-show counts.
      if (dto.outcome === 'split') {
        throw new DomainError(
          'DISPUTE_NOT_ALLOWED',
          'A no-show dispute has no money to split: release overturns the no-show, refund upholds it.',
        );
      }
      if (dto.outcome === 'release')
        await this.reliability.overturnNoShow(em, job.id, job.professionalId!, admin.userId);
      return { ...base, professionalAmount: 0, returnedAs: null };
    }
    if (job.status === 'cancelled' && dto.outcome === 'refund') {
      // PesaPal reversed the payment meanwhile (or an admin refunded it): the money is back already.
      await this.jobs.setDisputed(em, job.id, false);
      return { ...base, professionalAmount: 0, returnedAs: 'refund' };
    }
    if (job.status !== 'paid' && job.status !== 'completed') {
      throw new DomainError(
        'DISPUTE_NOT_ALLOWED',
        `The job is ${job.status}, so its money has gone back already: resolve this dispute as refund.`,
        { jobStatus: job.status },
      );
    }
    const paid = job.status === 'paid';
    switch (dto.outcome) {
      case 'release':
        if (paid) {
          await this.assignment.completeForDispute(em, job.id, admin.userId);
        } else {
          await this.jobs.setDisputed(em, job.id, false);
          await this.earnings.unfreeze(em, job.id, admin.userId);
        }
        return { ...base, professionalAmount: job.amount, returnedAs: null };
      case 'refund':
        await this.jobs.setDisputed(em, job.id, false);
        if (paid) await this.cancellation.cancelIn(em, admin, job.id, dto.note, { meta });
        else await this.refunds.refundJobInFull(em, job.id, admin.userId, dto.note);
        return { ...base, professionalAmount: 0, returnedAs: 'refund' };
      case 'split': {
        const professionalAmount = dto.professionalAmount!;
        const part = {
          jobId: job.id,
          amount: job.amount - professionalAmount,
          actorId: admin.userId,
          remarks: dto.note,
          key: `dispute.split:${disputeId}`,
        };
        let returnedAs: 'refund' | 'credit';
        if (paid) {
          returnedAs = await this.refunds.returnPartOfJob(em, part);
          await this.assignment.completeForDispute(em, job.id, admin.userId);
        } else {
          await this.earnings.reduceForDispute(em, job.id, professionalAmount, commissionBps, disputeId);
          returnedAs = await this.refunds.returnPartOfJob(em, part);
          await this.jobs.setDisputed(em, job.id, false);
          await this.earnings.unfreeze(em, job.id, admin.userId);
        }
        return { ...base, professionalAmount, returnedAs };
      }
    }
  }
}

/** professionalAmount is required for a split and refused for the other outcomes (400). */
function assertAmountGiven(dto: ResolveDisputeDto): void {
  const given = dto.professionalAmount !== undefined;
  if (dto.outcome === 'split' && !given) {
    throw new RequestValidationError([
      { field: 'professionalAmount', message: 'is required for a split: what the professional gets, in UGX' },
    ]);
  }
  if (dto.outcome !== 'split' && given) {
    throw new RequestValidationError([
      { field: 'professionalAmount', message: `is only for a split; leave it out for ${dto.outcome}` },
    ]);
  }
}

/** A split gives the professional part of the job's amount: more than 0, less than all of it (400). */
function assertSplitBelowAmount(professionalAmount: number, job: JobParticipants): void {
  if (professionalAmount >= job.amount) {
    throw new RequestValidationError([
      {
        field: 'professionalAmount',
        message: `must be below the job's amount of ${job.amount} ${job.currency}; use release to pay it all`,
      },
    ]);
  }
}
