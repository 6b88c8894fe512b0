import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import type { AppConfig } from '../../config/configuration.js';
import { MailService } from '../mail/mail.service.js';
import { UsersService } from '../users/users.service.js';
import { renderNotificationEmail } from './notification-emails.js';
import { toNotificationDto } from './notification.mapper.js';
import type { NotificationPageDto } from './notifications.dto.js';
import { NotificationsRepository } from './notifications.repository.js';

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
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersService,
    private readonly mail: MailService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  async notify(em: EntityManager, event: NotificationEvent): Promise<void> {
    const data = event.data ?? {};
    const id = await this.notifications.insertOnce(em, { ...event, data });
    if (id === null) return;
    const recipient = await this.users.findById(event.userId, em);
    if (!recipient || recipient.status === 'deleted') return;
    if (!recipient.email || !recipient.emailNotifications) return;
    await this.mail.enqueue(em, {
      to: recipient.email,
      userId: event.userId,
      content: renderNotificationEmail({ ...event, data }, recipient.name, this.frontendUrl),
      dedupeKey: `notification:${id}`,
    });
  }

  async list(
    userId: string,
    unread: boolean | undefined,
    limit: number,
    cursor?: string,
  ): Promise<NotificationPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.notifications.listPage(userId, unread, limit + 1, after);
    return toPage(rows, limit, (n) => [n.createdAt.toISOString(), n.id], toNotificationDto);
  }

  async markRead(userId: string, id: string): Promise<void> {
    const updated = await this.notifications.markRead(userId, id);
    if (!updated) throw new DomainError('NOT_FOUND', 'No notification with this id.');
  }

  async markAllRead(userId: string): Promise<void> {
    await this.notifications.markAllRead(userId);
  }
}
