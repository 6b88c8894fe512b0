import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password/password-hasher.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { OneTimeTokensService } from '../auth/tokens/one-time-tokens.service.js';
import { TwoFactorService } from '../auth/two-factor/two-factor.service.js';
import { MailService } from '../mail/mail.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { DocumentsService } from '../verification/documents.service.js';
import type { DataExportDto, UpdateMeDto } from './dto/account.dto.js';

export const DELETED_USER_NAME = 'Deleted user';

/** The signed-in user's own account: read, edit, export, delete (Uganda DPPA 2019 rights). */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: OneTimeTokensService,
    private readonly twoFactor: TwoFactorService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
  ) {}

  get(userId: string): Promise<User> {
    return this.users.getLive(userId);
  }

  async update(userId: string, dto: UpdateMeDto, meta: RequestMeta): Promise<User> {
    const changes: Partial<User> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.emailNotifications !== undefined) changes.emailNotifications = dto.emailNotifications;
    if (dto.phone !== undefined) {
      const phone = normalizeUgandanMobile(dto.phone);
      if (phone.ok) changes.phone = phone.e164;
    }
    return this.dataSource.transaction(async (em) => {
      await this.users.lockLive(em, userId);
      if (Object.keys(changes).length > 0) {
        await this.users.update(em, userId, changes);
        await this.audit.record(
          { action: 'user.updated', actorId: userId, meta, details: { fields: Object.keys(changes) } },
          em,
        );
      }
      return (await this.users.findById(userId, em))!;
    });
  }

  /** Everything stored about the caller, without secrets (hashes, tokens, 2FA secret). */
  async export(userId: string, meta: RequestMeta): Promise<DataExportDto> {
    const user = await this.users.getLive(userId);
    const [sessions, auditLog, emails, profile, documents] = await Promise.all([
      this.sessions.listAll(userId),
      this.audit.listByActor(userId),
      this.mail.listFor(this.dataSource.manager, userId),
      this.profileRow(userId),
      this.dataSource.query<Record<string, unknown>[]>(
        `SELECT id, doc_type, status, content_type, size_bytes, rejection_reason, created_at, reviewed_at
           FROM documents WHERE professional_id = $1 ORDER BY created_at`,
        [userId],
      ),
    ]);
    await this.audit.record({ action: 'user.exported', actorId: userId, meta });
    return {
      exportedAt: new Date().toISOString(),
      account: {
        id: user.id,
        name: user.name,
        email: user.email,
        phone: user.phone,
        role: user.role,
        status: user.status,
        emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
        consentVersion: user.consentVersion,
        consentedAt: user.consentedAt?.toISOString() ?? null,
        twoFactorEnabled: user.twoFactorEnabledAt !== null,
        passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
      },
      sessions: sessions.map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        revokedAt: s.revokedAt?.toISOString() ?? null,
      })),
      auditLog: auditLog.map((a) => ({
        action: a.action,
        ip: a.ip,
        at: a.at.toISOString(),
        details: a.details,
      })),
      emails: emails.map((m) => ({
        subject: m.subject,
        to: m.toAddress,
        status: m.status,
        createdAt: m.createdAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
      })),
      profile,
      documents,
    };
  }

  /**
   * Erases personal data (profile, credential documents and their files included) and ends every session. The row stays (anonymised) so payment records that
   * the law requires us to keep still point at an account.
   */
  async delete(auth: AuthContext, password: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.getLive(auth.userId);
    if (!(await this.hasher.verify(password, user.passwordHash!))) {
      throw new DomainError('WRONG_PASSWORD', 'password is not this account’s password.');
    }
    const removeDocumentFiles = await this.dataSource.transaction(async (em) => {
      await this.users.lockLive(em, auth.userId);
      await this.assertNoJobInProgress(em, auth.userId);
      await this.twoFactor.eraseFor(em, auth.userId);
      const removeFiles = await this.documents.eraseAllFor(em, auth.userId);
      await em.query(`DELETE FROM professionals WHERE user_id = $1`, [auth.userId]);
      await em.query(`DELETE FROM institutions WHERE user_id = $1`, [auth.userId]);
      await this.users.update(em, auth.userId, {
        name: DELETED_USER_NAME,
        email: null,
        phone: null,
        passwordHash: null,
        status: 'deleted',
        deletedAt: new Date(),
      });
      await this.tokens.deleteAllFor(em, auth.userId);
      await this.sessions.deleteAllFor(em, auth.userId);
      await this.mail.deleteAllFor(em, auth.userId);
      await this.audit.record({ action: 'user.deleted', actorId: auth.userId, meta }, em);
      return removeFiles;
    });
    await removeDocumentFiles();
  }

  /** Someone is counting on an accepted or paid job: finish or cancel it before leaving. */
  private async assertNoJobInProgress(em: EntityManager, userId: string): Promise<void> {
    const [job] = await em.query<{ id: string; status: string }[]>(
      `SELECT j.id, j.status FROM jobs j LEFT JOIN job_assignees a ON a.job_id = j.id
        WHERE j.status IN ('accepted', 'paid') AND (j.institution_id = $1 OR a.professional_id = $1)
        LIMIT 1`,
      [userId],
    );
    if (job) {
      throw new DomainError(
        'JOBS_IN_PROGRESS',
        `You have a job in progress (${job.status}). Complete or cancel it before deleting your account.`,
        { jobId: job.id },
      );
    }
  }

  /**
   * Columns are named one by one, so a column added later (an internal score, a payout reference) is
   * left out of exports until someone decides it belongs there.
   */
  private async profileRow(userId: string): Promise<Record<string, unknown> | null> {
    const [professional] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT p.profession, p.bio, p.skills, p.experience_years, p.hourly_rate, p.daily_rate, p.currency,
              p.district, p.verified, p.verified_at, p.rating_count, p.rating_total, p.created_at, p.updated_at,
              coalesce(json_agg(json_build_object('weekday', a.weekday, 'start', a.start_time, 'end', a.end_time)
                                ORDER BY a.weekday, a.start_time)
                FILTER (WHERE a.id IS NOT NULL), '[]') AS availability
         FROM professionals p LEFT JOIN availability_slots a ON a.professional_id = p.user_id
        WHERE p.user_id = $1 GROUP BY p.user_id`,
      [userId],
    );
    if (professional) return professional;
    const [institution] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT name, type, address, district, contact_person, contact_phone, contact_email, rating_count,
              rating_total, created_at, updated_at
         FROM institutions WHERE user_id = $1`,
      [userId],
    );
    return institution ?? null;
  }
}
