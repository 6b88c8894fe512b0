import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { User, type SuspensionCategory } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AdminUserDto, AdminUserPageDto, UserSearchQueryDto } from './admin.dto.js';

/** Finding users and suspending or reactivating them. */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Newest first; `q` matches any part of name, email or phone (trigram indexes). */
  async search(query: UserSearchQueryDto): Promise<AdminUserPageDto> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const builder = this.dataSource
      .createQueryBuilder(User, 'u')
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .take(query.limit + 1);
    if (query.role) builder.andWhere('u.role = :role', { role: query.role });
    if (query.status) builder.andWhere('u.status = :status', { status: query.status });
    if (query.q) {
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
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
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (u) => [u.createdAt.toISOString(), u.id], toAdminUser);
  }

  /** Suspends and ends every session, so the user's tokens stop working on their next request. */
  async suspend(
    admin: AuthContext,
    userId: string,
    note: string,
    category: SuspensionCategory,
    meta: RequestMeta,
  ): Promise<AdminUserDto> {
    await this.dataSource.transaction(async (em) => {
      const user = await this.users.lockLive(em, userId);
      if (user.id === admin.userId || user.role === 'admin') {
        throw new DomainError(
          'CANNOT_SUSPEND_ADMIN',
          'Admins cannot be suspended through the API (yourself included).',
        );
      }
      await em.update(User, userId, {
        status: 'suspended',
        suspendedAt: new Date(),
        suspensionCategory: category,
        suspensionNote: note,
      });
      const revoked = await this.sessions.revokeAll(em, userId, 'suspended');
      await this.audit.record(
        {
          action: 'user.suspended',
          actorId: admin.userId,
          target: { type: 'user', id: userId },
          meta,
          details: { category, note, sessionsRevoked: revoked },
        },
        em,
      );
    });
    return toAdminUser((await this.users.findById(userId))!);
  }

  async activate(admin: AuthContext, userId: string, meta: RequestMeta): Promise<AdminUserDto> {
    await this.dataSource.transaction(async (em) => {
      const user = await this.users.lockLive(em, userId);
      if (user.status !== 'suspended') {
        throw new DomainError('NOT_SUSPENDED', 'This account is not suspended.');
      }
      await em.update(User, userId, {
        status: 'active',
        suspendedAt: null,
        suspensionCategory: null,
        suspensionNote: null,
      });
      await this.audit.record(
        { action: 'user.activated', actorId: admin.userId, target: { type: 'user', id: userId }, meta },
        em,
      );
    });
    return toAdminUser((await this.users.findById(userId))!);
  }
}

function toAdminUser(user: User): AdminUserDto {
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
