import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { earningsReleased, earningsVoided } from '../ledger/posting-rules.js';
import { EARNINGS_TRANSITIONS, type EarningsStatus } from './earnings-status.js';
import { EarningsRepository, type EarningsRow } from './earnings.repository.js';

/** Throws 409 naming both states when EARNINGS_TRANSITIONS has no such move. */
export function assertEarningsTransition(from: EarningsStatus, to: EarningsStatus): void {
  if (!isAllowed(EARNINGS_TRANSITIONS, from, to)) {
    throw new DomainError('INVALID_EARNINGS_TRANSITION', `Earnings that are ${from} cannot become ${to}.`, {
      earningsStatus: from,
      attempted: to,
    });
  }
}

/**
 * The only way a job's earnings change state: lock the row, check EARNINGS_TRANSITIONS, write the state, post
 * what moves money (released: pending → available; voided: the earnings and the fee back to the job's escrow),
 * and the audit row.
 */
@Injectable()
export class EarningsTransitions {
  constructor(
    private readonly earnings: EarningsRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  async transition(
    em: EntityManager,
    jobId: string,
    to: EarningsStatus,
    actor: { userId: string | null },
    details: Record<string, unknown> = {},
  ): Promise<EarningsRow> {
    const row = await this.earnings.lockByJob(em, jobId);
    if (!row) throw new DomainError('NOT_FOUND', 'This job has no earnings.');
    assertEarningsTransition(row.status, to);
    await this.earnings.writeStatus(em, jobId, to);
    const professionalId = row.professional_id;
    if (to === 'released' && row.amount > 0) {
      await this.ledger.post(em, earningsReleased({ jobId, professionalId, amount: row.amount }));
    }
    if (to === 'voided' && row.amount + row.fee > 0) {
      await this.ledger.post(
        em,
        earningsVoided({
          jobId,
          professionalId,
          earning: row.amount,
          fee: row.fee,
          from: row.status === 'released' ? 'available' : 'pending',
        }),
      );
    }
    await this.audit.record(
      {
        action: `earnings.${to}`,
        actorId: actor.userId,
        target: { type: 'job', id: jobId },
        details: { from: row.status, ...details },
      },
      em,
    );
    return row;
  }
}
