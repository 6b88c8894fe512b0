import { Injectable } from '@nestjs/common';
import { isAllowed, type TransitionTable } from '../../common/state-machine/transition-table.js';
import type { OutboxStatus } from './outbox-mail.entity.js';
import { OutboxRepository, type OutboxOutcome } from './outbox.repository.js';

/** A mail is sent, or given up on after MAX_ATTEMPTS; a retry keeps it pending (no status change). */
export const OUTBOX_TRANSITIONS: TransitionTable<OutboxStatus> = {
  pending: ['sent', 'failed'],
  sent: [],
  failed: [],
};

/** Every change of `mail_outbox.status` goes through here. Only claimed (pending) mails are moved. */
@Injectable()
export class OutboxMailTransitions {
  constructor(private readonly outbox: OutboxRepository) {}

  markSent(id: string): Promise<void> {
    return this.transition(id, 'pending', 'sent', { lastError: null });
  }

  markFailed(id: string, lastError: string, retryInSeconds: number): Promise<void> {
    return this.transition(id, 'pending', 'failed', { lastError, retryInSeconds });
  }

  private async transition(
    id: string,
    from: OutboxStatus,
    to: OutboxStatus,
    outcome: OutboxOutcome,
  ): Promise<void> {
    if (!isAllowed(OUTBOX_TRANSITIONS, from, to)) {
      throw new Error(`Outbox mail ${id} cannot move from ${from} to ${to}`);
    }
    // Written only while the row is still in `from`, so the table holds in the database too.
    await this.outbox.writeStatus(id, from, to, outcome);
  }
}
