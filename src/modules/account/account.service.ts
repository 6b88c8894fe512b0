import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password/password-hasher.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { OneTimeTokensService } from '../auth/tokens/one-time-tokens.service.js';
import { TwoFactorService } from '../auth/two-factor/two-factor.service.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PayoutsService } from '../payouts/payouts.service.js';
import { ShiftExport } from '../shifts/shift-export.js';
import { MailService } from '../mail/mail.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import type { UserResponseDto } from '../users/dto/user-response.dto.js';
import { toUserResponse } from '../users/user.mapper.js';
import { UsersService, type ProfileChanges } from '../users/users.service.js';
import { DocumentsService } from '../verification/documents.service.js';
import type { DataExportDto, UpdateMeDto } from './dto/account.dto.js';

export { DELETED_USER_NAME } from '../users/user.transitions.js';

/** The signed-in user's own account: read, edit, export, delete (Uganda DPPA 2019 rights). */
@Injectable()
export class AccountService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: OneTimeTokensService,
    private readonly twoFactor: TwoFactorService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly professionals: ProfessionalsService,
    private readonly institutions: InstitutionsService,
    private readonly jobs: JobsService,
    private readonly payouts: PayoutsService,
    private readonly shifts: ShiftExport,
  ) {}

  async get(userId: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.getLive(userId));
  }

  async update(userId: string, dto: UpdateMeDto, meta: RequestMeta): Promise<UserResponseDto> {
    const changes: ProfileChanges = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.emailNotifications !== undefined) changes.emailNotifications = dto.emailNotifications;
    if (dto.phone !== undefined) {
      const phone = normalizeUgandanMobile(dto.phone);
      if (phone.ok) changes.phone = phone.e164;
    }
    const user = await this.transactions.run(async (em) => {
      await this.users.lockLive(em, userId);
      if (Object.keys(changes).length > 0) {
        await this.users.updateProfile(em, userId, changes);
        await this.audit.record(
          { action: 'user.updated', actorId: userId, meta, details: { fields: Object.keys(changes) } },
          em,
        );
      }
      return (await this.users.findById(userId, em))!;
    });
    return toUserResponse(user);
  }

  /** Everything stored about the caller, without secrets (hashes, tokens, 2FA secret). */
  async export(userId: string, meta: RequestMeta): Promise<DataExportDto> {
    const user = await this.users.getLive(userId);
    const [sessions, auditLog, emails, profile, documents, money, work] = await Promise.all([
      this.sessions.listAll(userId),
      this.audit.listByActor(userId),
      this.transactions.run((em) => this.mail.listFor(em, userId)),
      this.profileRow(userId),
      this.documents.exportRowsFor(userId),
      this.payouts.exportFor(userId),
      this.shifts.exportFor(userId),
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
      sessions,
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
      payoutAccount: money.payoutAccount as unknown as Record<string, unknown> | null,
      payouts: money.payouts as unknown as Record<string, unknown>[],
      shifts: work.shifts,
      timesheets: work.timesheets,
    };
  }

  /**
   * Erases personal data (profile, credential documents and their files included) and ends every session.
   * The row stays (anonymised by the move to `deleted`) so payment records that the law requires us to keep
   * still point at an account.
   */
  async delete(auth: AuthContext, password: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.getLive(auth.userId);
    if (!(await this.hasher.verify(password, user.passwordHash!))) {
      throw new DomainError('WRONG_PASSWORD', 'password is not this account’s password.');
    }
    const removeDocumentFiles = await this.transactions.run(async (em) => {
      await this.users.lockLive(em, auth.userId);
      await this.assertNoJobInProgress(em, auth.userId);
      await this.twoFactor.eraseFor(em, auth.userId);
      const removeFiles = await this.documents.eraseAllFor(em, auth.userId);
      await this.professionals.eraseFor(em, auth.userId);
      await this.institutions.eraseFor(em, auth.userId);
      await this.payouts.eraseFor(em, auth.userId);
      await this.tokens.deleteAllFor(em, auth.userId);
      await this.sessions.deleteAllFor(em, auth.userId);
      await this.mail.deleteAllFor(em, auth.userId);
      await this.users.changeStatus(em, auth.userId, 'deleted', { userId: auth.userId }, { meta });
      return removeFiles;
    });
    await removeDocumentFiles();
  }

  /** Someone is counting on an accepted or paid job: finish or cancel it before leaving. */
  private async assertNoJobInProgress(em: EntityManager, userId: string): Promise<void> {
    const job = await this.jobs.findInProgressFor(em, userId);
    if (job) {
      throw new DomainError(
        'JOBS_IN_PROGRESS',
        `You have a job in progress (${job.status}). Complete or cancel it before deleting your account.`,
        { jobId: job.id },
      );
    }
  }

  private async profileRow(userId: string): Promise<Record<string, unknown> | null> {
    return (await this.professionals.exportRowFor(userId)) ?? (await this.institutions.exportRowFor(userId));
  }
}
