import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { UserTransitions, type UserTransitionActor, type UserTransitionDetails } from './user.transitions.js';
import type { NewUser, ProfileChanges, UserAccount, UserStatus } from './user.types.js';
import { UsersRepository, type InactiveUser, type UserSearchFilter } from './users.repository.js';

export type { NewUser, ProfileChanges, UserAccount, UserStatus } from './user.types.js';
export type { SuspensionCategory } from './user.types.js';
export type { InactiveUser, UserSearchFilter } from './users.repository.js';

/** The users table: lookups and changes other modules need. Rules about accounts live with their use case. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transitions: UserTransitions,
  ) {}

  findByEmail(email: string): Promise<UserAccount | null> {
    return this.users.findByEmail(email);
  }

  /** Inside the caller's transaction when `em` is given. */
  findById(id: string, em?: EntityManager): Promise<UserAccount | null> {
    return this.users.findById(id, em);
  }

  /** The user, locked for the rest of the transaction; a missing or deleted account is "not found". */
  async lockLive(em: EntityManager, id: string): Promise<UserAccount> {
    return live(await this.users.lockById(em, id));
  }

  async getLive(id: string): Promise<UserAccount> {
    return live(await this.users.findById(id));
  }

  /** Email and phone uniqueness is enforced by the database (users_email_key, users_phone_key → 409). */
  create(em: EntityManager, input: NewUser): Promise<UserAccount> {
    return this.users.insert(em, input);
  }

  updateProfile(em: EntityManager, id: string, changes: ProfileChanges): Promise<void> {
    return this.users.updateProfile(em, id, changes);
  }

  markEmailVerified(em: EntityManager, id: string, at: Date): Promise<void> {
    return this.users.markEmailVerified(em, id, at);
  }

  setPassword(em: EntityManager, id: string, passwordHash: string, at: Date): Promise<void> {
    return this.users.setPassword(em, id, passwordHash, at);
  }

  storePendingTwoFactorSecret(em: EntityManager, id: string, sealedSecret: string): Promise<void> {
    return this.users.storePendingTwoFactorSecret(em, id, sealedSecret);
  }

  enableTwoFactor(
    em: EntityManager,
    id: string,
    sealedSecret: string,
    lastCounter: number,
    at: Date,
  ): Promise<void> {
    return this.users.enableTwoFactor(em, id, sealedSecret, lastCounter, at);
  }

  recordTwoFactorCounter(em: EntityManager, id: string, counter: number): Promise<void> {
    return this.users.recordTwoFactorCounter(em, id, counter);
  }

  clearTwoFactor(em: EntityManager, id: string): Promise<void> {
    return this.users.clearTwoFactor(em, id);
  }

  /**
   * Moves the account to `to` (active ⇄ suspended, either → deleted) in the caller's transaction: locks
   * the row, refuses other moves with 409 invalid-user-transition, writes the status with its columns
   * (suspension details; anonymisation on deletion) and the audit entry. See user.transitions.ts.
   */
  changeStatus(
    em: EntityManager,
    userId: string,
    to: UserStatus,
    actor: UserTransitionActor,
    details?: UserTransitionDetails,
  ): Promise<{ from: UserStatus; to: UserStatus }> {
    return this.transitions.transition(em, userId, to, actor, details);
  }

  /** Suspended users, and users deleted less than `windowSeconds` ago (auth's deny-list). */
  listInactive(windowSeconds: number): Promise<InactiveUser[]> {
    return this.users.listInactive(windowSeconds);
  }

  /** One page of users, newest first (admins). */
  async search(filter: UserSearchFilter, limit: number, cursor?: string) {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.users.search(filter, after as [string, string] | null, limit + 1);
    return toPage(
      rows,
      limit,
      (u) => [u.createdAt.toISOString(), u.id],
      (u): UserAccount => u,
    );
  }

  /** Accounts by role and how many are suspended (admin metrics). */
  counts(): Promise<{ professionals: number; institutions: number; suspended: number }> {
    return this.users.counts();
  }
}

function live<T extends UserAccount>(user: T | null): T {
  if (!user || user.status === 'deleted')
    throw new DomainError('NOT_FOUND', 'This account no longer exists.');
  return user;
}
