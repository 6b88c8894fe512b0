import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Notification } from './notification.entity.js';

export interface NewNotification {
  userId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  dedupeKey: string;
}

/** The only code that touches `notifications`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new notification's id, or null when the user already has one with this dedupe key. */
  async insertOnce(em: EntityManager, notification: NewNotification): Promise<string | null> {
    const inserted: { id: string }[] = await em.query(
      `INSERT INTO notifications (user_id, type, title, body, data, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        notification.userId,
        notification.type,
        notification.title,
        notification.body,
        JSON.stringify(notification.data),
        notification.dedupeKey,
      ],
    );
    return inserted[0]?.id ?? null;
  }

  /** The user's notifications, newest first; `unread` filters on read state when given. */
  listPage(
    userId: string,
    unread: boolean | undefined,
    take: number,
    after: readonly [string, string] | undefined,
  ): Promise<Notification[]> {
    const query = this.dataSource
      .createQueryBuilder(Notification, 'n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(take);
    if (unread !== undefined) query.andWhere(unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (after)
      query.andWhere('(n.created_at, n.id) < (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    return query.getMany();
  }

  /** Marks one of the user's notifications read (keeping the first read time); false when none matched. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      Notification,
      { id, userId },
      { readAt: () => 'coalesce(read_at, now())' },
    );
    return Boolean(result.affected);
  }

  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
  }
}
