import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { JobCancelCause } from '../../common/events/domain-event.types.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { AuditService } from '../audit/audit.service.js';
import { assertTransition, type JobStatus } from './job-status.js';
import type { Job } from './job.entity.js';
import { JobsRepository, type JobStatusColumns } from './jobs.repository.js';

/** Who moves the job: a user, or the system (the sweep, PesaPal's answer) with `userId: null`. */
export interface JobActor {
  userId: string | null;
}

export interface JobTransitionDetails {
  meta?: RequestMeta;
  /** Why: kept on the job for a cancellation, and in the audit row. */
  reason?: string;
  /** When an admin refunds a payment: which, how much and why (handed to the payments module). */
  refund?: { paymentId: string; amount?: number; remarks: string };
  /** Why a cancellation happened beyond its reason (a reported no-show): passed on in `job.cancelled`. */
  cause?: JobCancelCause;
  /** A late cancellation of a booked shift: what the professional is owed (cancellation-policy.ts). */
  compensation?: { amount: number; commissionBps: number };
  /** The assigned professional withdrawing (→ open): when, and whether under 24 h before the start. */
  withdrawal?: { late: boolean; at: Date };
}

/** The verb a refused move's message uses ("Cannot cancel a job that is completed."). */
const VERB: Record<JobStatus, string> = {
  open: 'withdraw from',
  accepted: 'accept',
  paid: 'pay for',
  completed: 'complete',
  cancelled: 'cancel',
  expired: 'expire',
};

/** The audit action a move writes. */
function auditAction(from: JobStatus, to: JobStatus): string {
  if ((from === 'accepted' || from === 'paid') && to === 'open') return 'job.withdrawn';
  return `job.${to}`;
}

/**
 * The only way a job's status changes: lock the row, check JOB_TRANSITIONS, write the new state with its
 * timestamps, the audit row, and the domain event other modules react to (`job.completed`: the earnings
 * module posts what the professional earned; `job.cancelled`: the payments module refunds a paid job). Runs
 * inside the caller's transaction.
 */
@Injectable()
export class JobTransitions {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Returns the job as it was before the move (its row stays locked until the transaction ends). */
  async transition(
    em: EntityManager,
    jobId: string,
    to: JobStatus,
    actor: JobActor,
    details: JobTransitionDetails = {},
  ): Promise<Job> {
    const job = await this.jobs.lockById(em, jobId);
    if (!job) throw new DomainError('NOT_FOUND', 'No job with this id that you can see.');
    assertTransition(job.status, to, VERB[to]);
    await this.jobs.writeStatus(em, jobId, to, statusColumns(to, actor, details));
    await this.audit.record(
      {
        action: auditAction(job.status, to),
        actorId: actor.userId,
        target: { type: 'job', id: jobId },
        meta: details.meta,
        details: {
          ...(details.reason !== undefined && { reason: details.reason }),
          ...(details.cause && { cause: details.cause }),
          ...(details.compensation && { compensation: details.compensation.amount }),
          ...(details.withdrawal && { late: details.withdrawal.late }),
          ...(actor.userId === null && { automatic: true }),
        },
      },
      em,
    );
    if (to === 'paid') {
      const assignee = await this.jobs.findAssignee(em, jobId);
      await this.events.publish(em, {
        type: 'job.booked',
        jobId,
        institutionId: job.institutionId,
        professionalId: assignee!.professionalId,
        startsAt: job.startsAt,
        endsAt: job.endsAt,
      });
    }
    if (to === 'open' && details.withdrawal) {
      const assignee = await this.jobs.findAssignee(em, jobId);
      if (assignee) {
        await this.events.publish(em, {
          type: 'job.withdrawn',
          jobId,
          professionalId: assignee.professionalId,
          late: details.withdrawal.late,
          at: details.withdrawal.at,
        });
      }
    }
    if (to === 'completed') {
      const assignee = await this.jobs.findAssignee(em, jobId);
      await this.events.publish(em, {
        type: 'job.completed',
        jobId,
        institutionId: job.institutionId,
        professionalId: assignee?.professionalId ?? null,
        commissionBps: job.commissionBps ?? 0,
        actorId: actor.userId,
      });
    }
    if (to === 'cancelled') {
      const assignee = await this.jobs.findAssignee(em, jobId);
      await this.events.publish(em, {
        type: 'job.cancelled',
        jobId,
        institutionId: job.institutionId,
        professionalId: assignee?.professionalId ?? null,
        from: job.status,
        actorId: actor.userId,
        reason: details.reason ?? '',
        ...(details.refund && { refund: details.refund }),
        ...(details.cause && { cause: details.cause }),
        ...(details.compensation && { compensation: details.compensation }),
      });
    }
    return job;
  }
}

function statusColumns(to: JobStatus, actor: JobActor, details: JobTransitionDetails): JobStatusColumns {
  const now = new Date();
  switch (to) {
    case 'completed':
      return { completedAt: now };
    case 'expired':
      return { expiredAt: now };
    case 'cancelled':
      return { cancelledAt: now, cancelledBy: actor.userId, cancelReason: details.reason ?? '' };
    default:
      return {};
  }
}
