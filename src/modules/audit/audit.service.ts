import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { AuditEntry } from './audit-entry.entity.js';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Pass the transaction's manager so the entry commits (or rolls back) with the event it records. */
  async record(record: AuditRecord, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, ip, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.actorId,
        record.action,
        record.target?.type ?? null,
        record.target?.id ?? null,
        record.meta?.ip ?? null,
        record.meta?.requestId ?? null,
        JSON.stringify(record.details ?? {}),
      ],
    );
  }

  /** Entries the user performed, newest first (for their data export). */
  listByActor(actorId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.dataSource.manager.find(AuditEntry, {
      where: { actorId },
      order: { at: 'DESC' },
      take: limit,
    });
  }
}
