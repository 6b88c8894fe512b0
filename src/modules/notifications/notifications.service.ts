import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import type { AppConfig } from '../../config/configuration.js';
import { MailService } from '../mail/mail.service.js';
import { renderNotificationEmail } from './notification-emails.js';
import { Notification } from './notification.entity.js';
import type { NotificationDto, NotificationPageDto } from './notifications.dto.js';

export interface NotificationEvent {
  userId: string;
  /** e.g. `document.approved`; clients switch on it. */
  type: string;
  title: string;
  body: string;
  /** Ids the client needs to link to the subject, e.g. `{ documentId }`. */
  data?: Record<string, unknown>;
  /** The same key for the same user is stored once, so a retried or raced event notifies once. */
  dedupeKey: string;
}

/**
 * The single way modules tell a user something happened: an in-app notification and, unless the user
 * turned email off, an email through the outbox — both in the caller's transaction, so they exist exactly
 * when their cause does, and once per dedupe key however often the cause is retried or raced.
 */
@Injectable()
export class NotificationsService {
  private readonly frontendUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  async notify(em: EntityManager, event: NotificationEvent): Promise<void> {
    const data = event.data ?? {};
    const inserted: { id: string }[] = await em.query(
      `INSERT INTO notifications (user_id, type, title, body, data, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [event.userId, event.type, event.title, event.body, JSON.stringify(data), event.dedupeKey],
    );
    if (inserted.length === 0) return;
    const [recipient] = await em.query<
      { name: string; email: string | null; email_notifications: boolean }[]
    >(`SELECT name, email, email_notifications FROM users WHERE id = $1 AND status <> 'deleted'`, [
      event.userId,
    ]);
    if (!recipient?.email || !recipient.email_notifications) return;
    await this.mail.enqueue(em, {
      to: recipient.email,
      userId: event.userId,
      content: renderNotificationEmail({ ...event, data }, recipient.name, this.frontendUrl),
      dedupeKey: `notification:${inserted[0].id}`,
    });
  }

  async list(
    userId: string,
    unread: boolean | undefined,
    limit: number,
    cursor?: string,
  ): Promise<NotificationPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const query = this.dataSource
      .createQueryBuilder(Notification, 'n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(limit + 1);
    if (unread !== undefined) query.andWhere(unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (after)
      query.andWhere('(n.created_at, n.id) < (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    const rows = await query.getMany();
    return toPage(rows, limit, (n) => [n.createdAt.toISOString(), n.id], toNotificationDto);
  }

  async markRead(userId: string, id: string): Promise<void> {
    const result = await this.dataSource.manager.update(
      Notification,
      { id, userId },
      { readAt: () => 'coalesce(read_at, now())' },
    );
    if (!result.affected) throw new DomainError('NOT_FOUND', 'No notification with this id.');
  }

  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
  }
}

function toNotificationDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    data: n.data,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}
