import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { isAllowed, type TransitionTable } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
import type { StatusColumns, SuspensionCategory, UserStatus } from './user.types.js';
import { UsersRepository } from './users.repository.js';

/** The name a deleted account keeps, so payment records still point at someone. */
export const DELETED_USER_NAME = 'Deleted user';

/** An account's lifecycle: a deleted account is anonymised and stays deleted. */
export const USER_TRANSITIONS: TransitionTable<UserStatus> = {
  active: ['suspended', 'deleted'],
  suspended: ['active', 'deleted'],
  deleted: [],
};

/** The audit action each arrival writes unless the caller names another. */
const DEFAULT_ACTIONS: Record<UserStatus, string> = {
  active: 'user.activated',
  suspended: 'user.suspended',
  deleted: 'user.deleted',
};

/** Who moves the account: the user themself, an admin, or the system (null). */
export interface UserTransitionActor {
  userId: string | null;
}

export interface UserTransitionDetails {
  meta?: RequestMeta;
  /** Why; for a suspension, the admin's internal note (never shown to the user). */
  reason?: string;
  /** For a suspension: what the user is told at login. */
  category?: SuspensionCategory;
  /** The audit action; `user.activated`, `user.suspended` or `user.deleted` by default. */
  action?: string;
  /** The audit entry's details; `{ reason, category }` (those given) by default. */
  auditDetails?: Record<string, unknown>;
}

/**
 * Every change of `users.status` goes through here: the row is locked, the move checked against
 * USER_TRANSITIONS, the status written with the columns that go with it, the move audited and
 * `user.status_changed` published, all in the caller's transaction.
 */
@Injectable()
export class UserTransitions {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async transition(
    em: EntityManager,
    userId: string,
    to: UserStatus,
    actor: UserTransitionActor,
    details: UserTransitionDetails = {},
  ): Promise<{ from: UserStatus; to: UserStatus }> {
    const user = await this.users.lockById(em, userId);
    if (!user) throw new DomainError('NOT_FOUND', 'This account no longer exists.');
    const from = user.status;
    if (!isAllowed(USER_TRANSITIONS, from, to)) throw refused(from, to);

    await this.users.writeStatus(em, userId, to, columnsFor(to, details, new Date()));
    await this.audit.record(
      {
        action: details.action ?? DEFAULT_ACTIONS[to],
        actorId: actor.userId,
        // An account holder acting on their own account is the subject already (as for user.updated).
        ...(actor.userId === userId ? {} : { target: { type: 'user', id: userId } }),
        meta: details.meta,
        details: details.auditDetails ?? defaultAuditDetails(details),
      },
      em,
    );
    await this.events.publish(em, { type: 'user.status_changed', userId, from, to });
    return { from, to };
  }
}

export function refused(from: UserStatus, to: UserStatus): DomainError {
  return new DomainError(
    'INVALID_USER_TRANSITION',
    from === to ? `This account is already ${from}.` : `This account is ${from} and cannot become ${to}.`,
    { from, to },
  );
}

function columnsFor(to: UserStatus, details: UserTransitionDetails, now: Date): StatusColumns {
  switch (to) {
    case 'suspended':
      return {
        suspendedAt: now,
        suspensionCategory: details.category ?? null,
        suspensionNote: details.reason ?? null,
      };
    case 'active':
      return { suspendedAt: null, suspensionCategory: null, suspensionNote: null };
    case 'deleted':
      // Personal data goes; the row stays so payment records the law makes us keep still point at it.
      return { name: DELETED_USER_NAME, email: null, phone: null, passwordHash: null, deletedAt: now };
  }
}

function defaultAuditDetails(details: UserTransitionDetails): Record<string, unknown> {
  return {
    ...(details.reason !== undefined ? { reason: details.reason } : {}),
    ...(details.category !== undefined ? { category: details.category } : {}),
  };
}
