import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { payoutFailed, payoutPaid, payoutRequested } from '../ledger/posting-rules.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PAYOUT_TRANSITIONS, type PayoutStatus } from './payout-status.js';
import type { Payout } from './payout.entity.js';
import { PayoutsRepository, type NewPayout } from './payouts.repository.js';

/** Who moves a payout: the professional (request), an admin, or the system (null: a provider's answer). */
export interface PayoutActor {
  userId: string | null;
  meta?: RequestMeta;
}

/** What `paid` and `failed` record: the mobile-money transaction id, or why it could not be sent. */
export interface PayoutTransitionDetails {
  reference?: string;
  reason?: string;
  /** Extra audit details (e.g. which provider answered). */
  auditDetails?: Record<string, unknown>;
}

/** Throws 409 invalid-payout-transition naming both states when PAYOUT_TRANSITIONS has no such move. */
export function assertPayoutTransition(from: PayoutStatus, to: PayoutStatus): void {
  if (!isAllowed(PAYOUT_TRANSITIONS, from, to)) {
    throw new DomainError(
      'INVALID_PAYOUT_TRANSITION',
      from === to ? `This payout is already ${from}.` : `A payout that is ${from} cannot become ${to}.`,
      { payoutStatus: from, attempted: to },
    );
  }
}

/**
 * The only way a payout is born or changes state, each in the caller's transaction: the row (inserted, or
 * locked FOR UPDATE), the status, the audit row, the ledger entry that moves its money and the
 * professional's notification commit or roll back together. Lock order: the payout row, then the ledger
 * accounts (LedgerService.post locks those). The ledger refusing to take `available` below zero (409
 * insufficient-funds) is what serialises concurrent requests: none can overdraw.
 */
@Injectable()
export class PayoutTransitions {
  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** A new payout, `requested`: its amount leaves the professional's available money for in flight. */
  async request(em: EntityManager, draft: NewPayout, actor: PayoutActor): Promise<Payout> {
    const payout = await this.payouts.insertRequested(em, draft);
    const facts = { payoutId: payout.id, professionalId: payout.professionalId, amount: payout.amount };
    await this.ledger.post(em, payoutRequested(facts));
    await this.record(em, payout, 'requested', actor, { provider: payout.provider });
    await this.notify(em, payout, 'requested');
    return payout;
  }

  /** requested → paid | failed. Returns the payout as it is after the move. */
  async transition(
    em: EntityManager,
    payoutId: string,
    to: PayoutStatus,
    actor: PayoutActor,
    details: PayoutTransitionDetails = {},
  ): Promise<Payout> {
    const before = await this.payouts.lockById(em, payoutId);
    if (!before) throw new DomainError('NOT_FOUND', 'No payout with this id.');
    assertPayoutTransition(before.status, to);
    const now = new Date();
    const facts = { payoutId, professionalId: before.professionalId, amount: before.amount };
    if (to === 'paid') {
      if (!details.reference) throw new Error('A paid payout needs its mobile-money reference');
      await this.payouts.writeStatus(em, payoutId, 'paid', {
        reference: details.reference,
        paidAt: now,
        processedBy: actor.userId,
      });
      await this.ledger.post(em, payoutPaid(facts));
    } else if (to === 'failed') {
      if (!details.reason) throw new Error('A failed payout needs a reason');
      await this.payouts.writeStatus(em, payoutId, 'failed', {
        failureReason: details.reason,
        failedAt: now,
        processedBy: actor.userId,
      });
      await this.ledger.post(em, payoutFailed(facts));
    }
    const after = (await this.payouts.findById(payoutId, em))!;
    await this.record(em, after, to, actor, {
      from: before.status,
      ...(details.reference !== undefined && { reference: details.reference }),
      ...(details.reason !== undefined && { reason: details.reason }),
      ...details.auditDetails,
    });
    await this.notify(em, after, to);
    return after;
  }

  private record(
    em: EntityManager,
    payout: Payout,
    to: PayoutStatus,
    actor: PayoutActor,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action: `payout.${to}`,
        actorId: actor.userId,
        target: { type: 'payout', id: payout.id },
        meta: actor.meta,
        details: { professionalId: payout.professionalId, amount: payout.amount, ...details },
      },
      em,
    );
  }

  private notify(em: EntityManager, payout: Payout, status: PayoutStatus): Promise<void> {
    const amount = `${payout.amount.toLocaleString('en-UG')} ${payout.currency}`;
    const to = `your ${payout.provider === 'mtn' ? 'MTN' : 'Airtel'} number ${payout.phone}`;
    const content = {
      requested: {
        title: 'Payout requested',
        body: `We received your request to send ${amount} to ${to}. We will tell you when it is sent.`,
      },
      paid: {
        title: 'Payout sent',
        body: `${amount} was sent to ${to} (transaction id ${payout.reference}).`,
      },
      failed: {
        title: 'Payout could not be sent',
        body: `${amount} could not be sent to ${to}: ${payout.failureReason}. The money is available again; you can request a new payout.`,
      },
    }[status];
    return this.notifications.notify(em, {
      userId: payout.professionalId,
      type: `payout.${status}`,
      ...content,
      data: { payoutId: payout.id },
      dedupeKey: `payout.${status}:${payout.id}`,
    });
  }
}
