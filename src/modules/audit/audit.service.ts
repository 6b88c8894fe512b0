import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import type { AuditEntry } from './audit-entry.entity.js';
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

  /** Entries the user performed, newest first (for their data export). */
  listByActor(actorId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.entries.listByActor(actorId, limit);
  }
}
