import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { User } from './user.entity.js';
import type { NewUser, ProfileChanges, StatusColumns, UserStatus } from './user.types.js';

/** The only code that touches `users`. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.manager.findOne(User, { where: { email: email.trim() } });
  }

  /** Inside the caller's transaction when `em` is given. */
  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<User | null> {
    return em.findOne(User, { where: { id } });
  }

  /** The row, locked (FOR UPDATE) for the rest of the transaction; whatever its status. */
  lockById(em: EntityManager, id: string): Promise<User | null> {
    return em.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Email and phone uniqueness is enforced by the database (users_email_key, users_phone_key → 409). */
  insert(em: EntityManager, input: NewUser): Promise<User> {
    const now = new Date();
    return em.save(
      em.create(User, {
        name: input.name,
        email: input.email,
        phone: input.phone,
        passwordHash: input.passwordHash,
        role: input.role,
        status: 'active',
        consentVersion: input.consentVersion,
        consentedAt: input.consentVersion ? now : null,
        emailVerifiedAt: input.emailVerified ? now : null,
        passwordChangedAt: now,
      }),
    );
  }

  async updateProfile(em: EntityManager, id: string, changes: ProfileChanges): Promise<void> {
    await em.update(User, id, changes);
  }

  async markEmailVerified(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(User, id, { emailVerifiedAt: at });
  }

  async setPassword(em: EntityManager, id: string, passwordHash: string, at: Date): Promise<void> {
    await em.update(User, id, { passwordHash, passwordChangedAt: at });
  }

  async storePendingTwoFactorSecret(em: EntityManager, id: string, sealedSecret: string): Promise<void> {
    await em.update(User, id, { twoFactorPendingSecret: sealedSecret });
  }

  /** The pending secret becomes the secret; `lastCounter` is the time step of the confirming code. */
  async enableTwoFactor(
    em: EntityManager,
    id: string,
    sealedSecret: string,
    lastCounter: number,
    at: Date,
  ): Promise<void> {
    await em.update(User, id, {
      twoFactorSecret: sealedSecret,
      twoFactorPendingSecret: null,
      twoFactorEnabledAt: at,
      twoFactorLastCounter: String(lastCounter),
    });
  }

  async recordTwoFactorCounter(em: EntityManager, id: string, counter: number): Promise<void> {
    await em.update(User, id, { twoFactorLastCounter: String(counter) });
  }

  async clearTwoFactor(em: EntityManager, id: string): Promise<void> {
    await em.update(User, id, {
      twoFactorSecret: null,
      twoFactorPendingSecret: null,
      twoFactorEnabledAt: null,
      twoFactorLastCounter: null,
    });
  }

  /**
   * The only write of `users.status`, called only by UserTransitions (user.transitions.ts), which checks
   * the move first. `extra` columns change with it (suspension details, deletion's anonymisation).
   */
  async writeStatus(em: EntityManager, id: string, to: UserStatus, extra: StatusColumns = {}): Promise<void> {
    await em.update(User, id, { ...extra, status: to });
  }

  /**
   * Every suspended user, and users deleted less than `windowSeconds` ago (by `updated_at`, which is the
   * deletion's time or later): the users half of auth's deny-list (RevocationList).
   */
  async listInactive(windowSeconds: number): Promise<InactiveUser[]> {
    const rows = await this.dataSource.query<{ id: string; status: InactiveUser['status']; at: Date }[]>(
      `SELECT id, status, updated_at AS at FROM users
        WHERE status <> 'active'
          AND (status = 'suspended' OR updated_at > now() - make_interval(secs => $1))`,
      [windowSeconds],
    );
    return rows;
  }

  /** One page of users, newest first (admins); `q` matches any part of name, email or phone (trigram indexes). */
  search(filter: UserSearchFilter, after: [string, string] | null, limit: number): Promise<User[]> {
    const builder = this.dataSource
      .createQueryBuilder(User, 'u')
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .take(limit);
    if (filter.role) builder.andWhere('u.role = :role', { role: filter.role });
    if (filter.status) builder.andWhere('u.status = :status', { status: filter.status });
    if (filter.q) {
      const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      builder.andWhere(
        '(lower(u.name) LIKE :pattern OR lower(u.email::text) LIKE :pattern OR u.phone LIKE :pattern)',
        {
          pattern,
        },
      );
    }
    if (after)
      builder.andWhere('(u.created_at, u.id) < (:at::timestamptz, :id::uuid)', {
        at: after[0],
        id: after[1],
      });
    return builder.getMany();
  }

  /** Accounts by role (deleted ones left out) and how many are suspended (admin metrics). */
  async counts(): Promise<{ professionals: number; institutions: number; suspended: number }> {
    const [counts] = await this.dataSource.query<
      { professionals: number; institutions: number; suspended: number }[]
    >(
      `SELECT count(*) FILTER (WHERE role = 'professional' AND status <> 'deleted')::int AS professionals,
              count(*) FILTER (WHERE role = 'institution' AND status <> 'deleted')::int AS institutions,
              count(*) FILTER (WHERE status = 'suspended')::int AS suspended
         FROM users`,
    );
    return counts;
  }
}

export interface InactiveUser {
  id: string;
  status: Exclude<UserStatus, 'active'>;
  at: Date;
}

export interface UserSearchFilter {
  role?: string;
  status?: string;
  q?: string;
}
