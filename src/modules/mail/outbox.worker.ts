import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { MAIL_TRANSPORT } from './mail.constants.js';
import type { MailTransport } from './mail-transport.js';
import { OutboxMailTransitions } from './outbox-mail.transitions.js';
import { OutboxRepository, type ClaimedMail } from './outbox.repository.js';

export const MAX_ATTEMPTS = 12;
const MAX_BACKOFF_MS = 15 * 60_000;

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
    private readonly outbox: OutboxRepository,
    private readonly statuses: OutboxMailTransitions,
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
    const claimed = await this.outbox.claimDue(batchSize);
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
        await this.statuses.markSent(mail.id);
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
    const error = reason.slice(0, 500);
    const retryInSeconds = backoffMs(mail.attempts, this.pollMs) / 1000;
    if (givingUp) await this.statuses.markFailed(mail.id, error, retryInSeconds);
    else await this.outbox.scheduleRetry(mail.id, error, retryInSeconds);
    const log = `Mail ${mail.id} attempt ${mail.attempts} failed: ${reason}`;
    if (givingUp) this.logger.error(`${log}; giving up after ${MAX_ATTEMPTS} attempts`);
    else this.logger.warn(log);
  }
}
