import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { MailService } from '../mail/mail.service.js';
import { verifyEmailMail } from '../mail/templates/account-mails.js';
import { UsersService } from '../users/users.service.js';
import { OneTimeTokensService } from './tokens/one-time-tokens.service.js';

@Injectable()
export class EmailVerificationService {
  private readonly frontendUrl: string;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly tokens: OneTimeTokensService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  /** Issues a token and queues the mail with its link, in the caller's transaction. */
  async sendFor(em: EntityManager, user: { id: string; name: string; email: string | null }): Promise<void> {
    const token = await this.tokens.issue(em, user.id, 'verify_email');
    const url = `${this.frontendUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(em, {
      to: user.email!,
      userId: user.id,
      content: verifyEmailMail({ name: user.name, url }),
    });
  }

  async resend(userId: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const user = await this.users.lockLive(em, userId);
      if (!user.emailVerifiedAt) await this.sendFor(em, user);
    });
  }

  async verify(token: string, meta: RequestMeta): Promise<void> {
    await this.transactions.run(async (em) => {
      const userId = await this.tokens.consume(em, token, 'verify_email');
      const user = await this.users.lockLive(em, userId);
      if (!user.emailVerifiedAt) await this.users.markEmailVerified(em, userId, new Date());
      await this.audit.record({ action: 'auth.email_verified', actorId: userId, meta }, em);
    });
  }
}
