import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxStatus } from './outbox-mail.entity.js';
import { OutboxRepository, type OutboxBacklog } from './outbox.repository.js';
import type { RenderedMail } from './templates/layout.js';

export type { OutboxBacklog } from './outbox.repository.js';

export interface MailToSend {
  to: string;
  /** The recipient's account, so their mail can be erased with it. */
  userId: string | null;
  content: RenderedMail;
  dedupeKey?: string;
}

/** A queued or sent mail as its recipient's data export shows it. */
export interface MailRecord {
  id: string;
  toAddress: string;
  subject: string;
  status: OutboxStatus;
  createdAt: Date;
  sentAt: Date | null;
}

/** Queues mail in the caller's transaction; OutboxWorker delivers it after commit. */
@Injectable()
export class MailService {
  constructor(private readonly outbox: OutboxRepository) {}

  enqueue(em: EntityManager, mail: MailToSend): Promise<void> {
    return this.outbox.insert(em, {
      toAddress: mail.to,
      userId: mail.userId,
      subject: mail.content.subject,
      textBody: mail.content.text,
      htmlBody: mail.content.html,
      dedupeKey: mail.dedupeKey ?? null,
    });
  }

  /** Mail to and about a user is personal data: erased with the account. */
  deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    return this.outbox.deleteAllFor(em, userId);
  }

  /** What was mailed to the user, for their data export. */
  listFor(em: EntityManager, userId: string): Promise<MailRecord[]> {
    return this.outbox.listFor(em, userId);
  }

  /** The outbox backlog, for monitoring. */
  backlog(): Promise<OutboxBacklog> {
    return this.outbox.backlog();
  }
}
