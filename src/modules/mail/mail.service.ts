import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxMail } from './outbox-mail.entity.js';
import type { RenderedMail } from './templates/layout.js';

export interface MailToSend {
  to: string;
  /** The recipient's account, so their mail can be erased with it. */
  userId: string | null;
  content: RenderedMail;
  dedupeKey?: string;
}

/** Queues mail in the caller's transaction; OutboxWorker delivers it after commit. */
@Injectable()
export class MailService {
  async enqueue(em: EntityManager, mail: MailToSend): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMail)
      .values({
        toAddress: mail.to,
        userId: mail.userId,
        subject: mail.content.subject,
        textBody: mail.content.text,
        htmlBody: mail.content.html,
        dedupeKey: mail.dedupeKey ?? null,
      })
      .orIgnore()
      .execute();
  }

  /** Mail to and about a user is personal data: erased with the account. */
  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.delete(OutboxMail, { userId });
  }

  /** What was mailed to the user, for their data export. */
  listFor(em: EntityManager, userId: string): Promise<OutboxMail[]> {
    return em.find(OutboxMail, { where: { userId }, order: { createdAt: 'DESC' } });
  }
}
