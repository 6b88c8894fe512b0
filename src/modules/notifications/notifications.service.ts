import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

/** The single way modules tell a user something happened. Delivery channels beyond in-app come later. */
@Injectable()
export class NotificationsService {
  /** Writes in the caller's transaction, so the notification exists exactly when its cause does. */
  async notify(em: EntityManager, event: NotificationEvent): Promise<void> {
    await em.query(
      `INSERT INTO notifications (user_id, type, title, body, data, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
      [event.userId, event.type, event.title, event.body, JSON.stringify(event.data ?? {}), event.dedupeKey],
    );
  }
}
