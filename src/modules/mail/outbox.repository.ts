import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxMail, type OutboxStatus } from './outbox-mail.entity.js';

export interface NewOutboxMail {
  toAddress: string;
  userId: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  dedupeKey: string | null;
}

/** A mail claimed for sending; `attempts` already counts this attempt. */
export interface ClaimedMail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

/** What a status write sets beside the status. */
export interface OutboxOutcome {
  lastError: string | null;
  /** Set when the row's next attempt time moves (a failure's backoff). */
  retryInSeconds?: number;
}

export interface OutboxBacklog {
  pending: number;
  oldestDueSeconds: number;
}

/** A claimed row is hidden this long; if this instance dies mid-send, another picks it up after. */
const CLAIM_LEASE = '5 minutes';

/**
 * The only code that touches `mail_outbox`. `status` is written by writeStatus alone, called only from
 * outbox-mail.transitions.ts; claiming a batch leases rows without changing their status.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Queued as pending; a second mail with the same dedupe key is silently dropped. */
  async insert(em: EntityManager, mail: NewOutboxMail): Promise<void> {
    await em.createQueryBuilder().insert().into(OutboxMail).values(mail).orIgnore().execute();
  }

  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.delete(OutboxMail, { userId });
  }

  listFor(em: EntityManager, userId: string): Promise<OutboxMail[]> {
    return em.find(OutboxMail, { where: { userId }, order: { createdAt: 'DESC' } });
  }

  /**
   * Claims up to `limit` due mails in one statement: FOR UPDATE SKIP LOCKED, so several instances never
   * claim the same row, and a lease (next_attempt_at moved ahead) instead of a held lock, so SMTP is talked
   * to outside any transaction. Counts the attempt.
   */
  async claimDue(limit: number): Promise<ClaimedMail[]> {
    // TypeORM answers UPDATE … RETURNING as [rows, rowCount].
    const [claimed]: [ClaimedMail[], number] = await this.dataSource.query(
      `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '${CLAIM_LEASE}'
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, text_body, html_body, attempts`,
      [limit],
    );
    return claimed;
  }

  /** A failed attempt that will be retried: the row stays pending and is due again after the backoff. */
  async scheduleRetry(id: string, lastError: string, retryInSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3)
        WHERE id = $1`,
      [id, lastError, retryInSeconds],
    );
  }

  /** The one write of `mail_outbox.status`; called only by OutboxMailTransitions. */
  async writeStatus(id: string, from: OutboxStatus, to: OutboxStatus, outcome: OutboxOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox
          SET status = $3::text, last_error = $4,
              sent_at = CASE WHEN $3::text = 'sent' THEN now() ELSE sent_at END,
              next_attempt_at = CASE WHEN $5::float8 IS NULL THEN next_attempt_at
                                     ELSE now() + make_interval(secs => $5::float8) END
        WHERE id = $1 AND status = $2::text`,
      [id, from, to, outcome.lastError, outcome.retryInSeconds ?? null],
    );
  }

  /** Mails not yet sent, and how long the longest-waiting due one has been due (0 when none is due). */
  async backlog(): Promise<OutboxBacklog> {
    // Both answered from the partial index mail_outbox_due_idx (status = 'pending').
    const [row] = await this.dataSource.query<{ pending: number; oldest_due_seconds: number }[]>(
      `SELECT
         (SELECT count(*) FROM mail_outbox WHERE status = 'pending')::int AS pending,
         (SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)
            FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= now())::float8 AS oldest_due_seconds`,
    );
    return { pending: row.pending, oldestDueSeconds: row.oldest_due_seconds };
  }
}
