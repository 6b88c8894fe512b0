import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { MAIL_TRANSPORT } from './mail.constants.js';
import type { MailTransport } from './mail-transport.js';

interface ClaimedMail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

export const MAX_ATTEMPTS = 12;
const MAX_BACKOFF_MS = 15 * 60_000;
/** A claimed row is hidden this long; if this instance dies mid-send, another picks it up after. */
const CLAIM_LEASE = '5 minutes';

/** Retry delay after the n-th failed attempt: the poll interval, doubling, capped at 15 minutes. */
export function backoffMs(attempts: number, pollMs: number): number {
  return Math.min(pollMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * Drains `mail_outbox` every OUTBOX_POLL_SECONDS (when SCHEDULER_ENABLED). Rows are claimed with FOR UPDATE
 * SKIP LOCKED and a lease, so several instances never send the same mail, and SMTP is talked to outside any
 * transaction.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly pollMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly tasks: PeriodicTasks,
    config: ConfigService<AppConfig, true>,
  ) {
    this.pollMs = config.get('mail', { infer: true }).outboxPollMs;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('mail-outbox', this.pollMs, () => this.run());
  }

  /** PeriodicTasks has awaited a running batch by now (beforeApplicationShutdown comes first). */
  onApplicationShutdown(): void {
    this.transport.close();
  }

  /** Sends one batch of due mail; safe to call from any instance at any time. */
  async run({ batchSize = 20 } = {}): Promise<{ sent: number; failed: number }> {
    // TypeORM answers UPDATE … RETURNING as [rows, rowCount].
    const [claimed]: [ClaimedMail[], number] = await this.dataSource.query(
      `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '${CLAIM_LEASE}'
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, text_body, html_body, attempts`,
      [batchSize],
    );
    let sent = 0;
    let failed = 0;
    for (const mail of claimed) {
      try {
        await this.transport.send({
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          html: mail.html_body,
        });
        await this.dataSource.query(
          `UPDATE mail_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
          [mail.id],
        );
        sent++;
      } catch (error) {
        failed++;
        await this.recordFailure(mail, (error as Error).message);
      }
    }
    if (claimed.length > 0) this.logger.log(`Outbox batch: ${sent} sent, ${failed} failed`);
    return { sent, failed };
  }

  private async recordFailure(mail: ClaimedMail, reason: string): Promise<void> {
    const givingUp = mail.attempts >= MAX_ATTEMPTS;
    await this.dataSource.query(
      `UPDATE mail_outbox SET status = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4)
        WHERE id = $1`,
      [
        mail.id,
        givingUp ? 'failed' : 'pending',
        reason.slice(0, 500),
        backoffMs(mail.attempts, this.pollMs) / 1000,
      ],
    );
    const log = `Mail ${mail.id} attempt ${mail.attempts} failed: ${reason}`;
    if (givingUp) this.logger.error(`${log}; giving up after ${MAX_ATTEMPTS} attempts`);
    else this.logger.warn(log);
  }
}
