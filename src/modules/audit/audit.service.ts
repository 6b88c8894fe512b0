import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { toAuditEntryView, type AuditEntryView } from './audit.mapper.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditRecord {
  action: string;
  actorId: string | null;
  target?: { type: string; id: string };
  meta?: RequestMeta;
  details?: Record<string, unknown>;
}

/** Writes the audit log. Append-only by design: this service offers no update or delete. */
@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  /** Pass the transaction's manager so the entry commits (or rolls back) with the event it records. */
  record(record: AuditRecord, em?: EntityManager): Promise<void> {
    return this.entries.insert(record, em);
  }

  /** One page of the log, newest first (admins): by actor, by action or action prefix (`payment.`). */
  async search(
    filter: { actor?: string; action?: string },
    limit: number,
    cursor?: string,
  ): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['integer']);
    const rows = await this.entries.search(filter, after ? String(after[0]) : null, limit + 1);
    return toPage(rows, limit, (entry) => [String(entry.id)], toAuditEntryView);
  }

  /** Entries the user performed, newest first (for their data export). */
  listByActor(actorId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.entries.listByActor(actorId, limit);
  }
}
