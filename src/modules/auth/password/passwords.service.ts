import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthContext, RequestMeta } from '../../../common/auth/auth-context.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { AppConfig } from '../../../config/configuration.js';
import { TransactionRunner } from '../../../database/transaction-runner.js';
import { AuditService } from '../../audit/audit.service.js';
import { MailService } from '../../mail/mail.service.js';
import { resetPasswordMail } from '../../mail/templates/account-mails.js';
import { UsersService } from '../../users/users.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service.js';
import { PasswordHasher } from './password-hasher.js';

/** Forgotten, reset and changed passwords. */
@Injectable()
export class PasswordsService {
  private readonly frontendUrl: string;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: OneTimeTokensService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  /** Mails a reset link when the account exists; says nothing either way (no account probing). */
  async forgot(email: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active') return;
    await this.transactions.run(async (em) => {
      const token = await this.tokens.issue(em, user.id, 'reset_password');
      const url = `${this.frontendUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await this.mail.enqueue(em, {
        to: user.email!,
        userId: user.id,
        content: resetPasswordMail({ name: user.name, url }),
      });
      await this.audit.record({ action: 'auth.password_reset_requested', actorId: user.id, meta }, em);
    });
  }

  /** Sets the new password and ends every session. */
  async reset(token: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (em) => {
      const userId = await this.tokens.consume(em, token, 'reset_password');
      await this.users.lockLive(em, userId);
      await this.users.setPassword(em, userId, passwordHash, new Date());
      const revoked = await this.sessions.revokeAll(em, userId, 'password-reset');
      await this.audit.record(
        { action: 'auth.password_reset', actorId: userId, meta, details: { sessionsRevoked: revoked } },
        em,
      );
    });
  }

  /** Needs the current password; ends every other session, keeps this one. */
  async change(
    auth: AuthContext,
    currentPassword: string,
    newPassword: string,
    meta: RequestMeta,
  ): Promise<void> {
    const user = await this.users.getLive(auth.userId);
    if (!(await this.hasher.verify(currentPassword, user.passwordHash!))) {
      throw new DomainError('WRONG_PASSWORD', 'currentPassword is not this account’s password.');
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (em) => {
      await this.users.lockLive(em, auth.userId);
      await this.users.setPassword(em, auth.userId, passwordHash, new Date());
      const revoked = await this.sessions.revokeAll(em, auth.userId, 'password-changed', auth.sessionId);
      await this.audit.record(
        {
          action: 'auth.password_changed',
          actorId: auth.userId,
          meta,
          details: { sessionsRevoked: revoked },
        },
        em,
      );
    });
  }
}
