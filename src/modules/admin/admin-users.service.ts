import { Injectable } from '@nestjs/common';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { UsersService, type SuspensionCategory, type UserAccount } from '../users/users.service.js';
import type { AdminUserDto, AdminUserPageDto, UserSearchQueryDto } from './admin.dto.js';

/** Finding users and suspending or reactivating them. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /** Newest first; `q` matches any part of name, email or phone (trigram indexes). */
  async search(query: UserSearchQueryDto): Promise<AdminUserPageDto> {
    const { role, status, q } = query;
    const page = await this.users.search({ role, status, q }, query.limit, query.cursor);
    return { items: page.items.map(toAdminUser), nextCursor: page.nextCursor };
  }

  /** Suspends and ends every session, so the user's tokens stop working on their next request. */
  async suspend(
    admin: AuthContext,
    userId: string,
    note: string,
    category: SuspensionCategory,
    meta: RequestMeta,
  ): Promise<AdminUserDto> {
    await this.transactions.run(async (em) => {
      const user = await this.users.lockLive(em, userId);
      if (user.id === admin.userId || user.role === 'admin') {
        throw new DomainError(
          'CANNOT_SUSPEND_ADMIN',
          'Admins cannot be suspended through the API (yourself included).',
        );
      }
      const revoked = await this.sessions.revokeAll(em, userId, 'suspended');
      await this.users.changeStatus(
        em,
        userId,
        'suspended',
        { userId: admin.userId },
        {
          meta,
          reason: note,
          category,
          auditDetails: { category, note, sessionsRevoked: revoked },
        },
      );
    });
    return toAdminUser((await this.users.findById(userId))!);
  }

  async activate(admin: AuthContext, userId: string, meta: RequestMeta): Promise<AdminUserDto> {
    await this.transactions.run(async (em) => {
      const user = await this.users.lockLive(em, userId);
      if (user.status !== 'suspended') {
        throw new DomainError('NOT_SUSPENDED', 'This account is not suspended.');
      }
      await this.users.changeStatus(em, userId, 'active', { userId: admin.userId }, { meta });
    });
    return toAdminUser((await this.users.findById(userId))!);
  }
}

function toAdminUser(user: UserAccount): AdminUserDto {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    suspensionCategory: user.suspensionCategory,
    suspensionNote: user.suspensionNote,
    suspendedAt: user.suspendedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
