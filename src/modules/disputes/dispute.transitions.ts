import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
import { DISPUTE_TRANSITIONS, type DisputeStatus } from './dispute-status.js';
import { DisputesRepository, type DisputeResolutionColumns, type DisputeRow } from './disputes.repository.js';

/** Throws 409 dispute-not-open naming both states when DISPUTE_TRANSITIONS has no such move. */
export function assertDisputeTransition(from: DisputeStatus, to: DisputeStatus): void {
  if (isAllowed(DISPUTE_TRANSITIONS, from, to)) return;
  throw new DomainError(
    'DISPUTE_NOT_OPEN',
    from === 'resolved'
      ? 'This dispute is already resolved; only open disputes can be resolved.'
      : `A dispute that is ${from} cannot become ${to}.`,
    { disputeStatus: from, attempted: to },
  );
}

export interface DisputeActor {
  userId: string;
  meta?: RequestMeta;
}

/**
 * The only way a dispute's status changes: lock the row (its job is locked first by the caller: job →
 * dispute), check DISPUTE_TRANSITIONS, write the state with the resolution's columns, and the audit row.
 * The money moves are the resolution's (DisputeResolutionService), in the same transaction.
 */
@Injectable()
export class DisputeTransitions {
  constructor(
    private readonly disputes: DisputesRepository,
    private readonly audit: AuditService,
  ) {}

  /** Returns the dispute as it was before the move. */
  async transition(
    em: EntityManager,
    id: string,
    to: DisputeStatus,
    actor: DisputeActor,
    details: DisputeResolutionColumns & { auditDetails?: Record<string, unknown> },
  ): Promise<DisputeRow> {
    const dispute = await this.disputes.lockById(em, id);
    if (!dispute) throw new DomainError('NOT_FOUND', 'No dispute with this id.');
    assertDisputeTransition(dispute.status, to);
    const { auditDetails, ...columns } = details;
    await this.disputes.writeStatus(em, id, to, columns);
    await this.audit.record(
      {
        action: `dispute.${to}`,
        actorId: actor.userId,
        target: { type: 'dispute', id },
        meta: actor.meta,
        details: {
          jobId: dispute.job_id,
          from: dispute.status,
          outcome: columns.outcome,
          professionalAmount: columns.professionalAmount,
          note: columns.note,
          ...auditDetails,
        },
      },
      em,
    );
    return dispute;
  }
}
