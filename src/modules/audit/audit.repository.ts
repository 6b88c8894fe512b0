import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditRecord } from './audit.service.js';
import { AuditEntry } from './audit-entry.entity.js';

/** The only code that touches `audit_log`. Append-only: no update, no delete. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inside the caller's transaction when `em` is given, so the entry commits with the event it records. */
  async insert(record: AuditRecord, em: EntityManager = this.dataSource.manager): Promise<void> {
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

  /** One page of the log, newest first: by actor, and by action (`payment.` matches every payment action). */
  search(
    filter: { actor?: string; action?: string },
    afterId: string | null,
    limit: number,
  ): Promise<AuditEntry[]> {
    const builder = this.dataSource.createQueryBuilder(AuditEntry, 'a').orderBy('a.id', 'DESC').take(limit);
    if (filter.actor) builder.andWhere('a.actor_id = :actor', { actor: filter.actor });
    if (filter.action?.endsWith('.'))
      builder.andWhere('starts_with(a.action, :action)', { action: filter.action });
    else if (filter.action) builder.andWhere('a.action = :action', { action: filter.action });
    if (afterId) builder.andWhere('a.id < :id', { id: afterId });
    return builder.getMany();
  }

  /** Entries the user performed, newest first. */
  listByActor(actorId: string, limit: number): Promise<AuditEntry[]> {
    return this.dataSource.manager.find(AuditEntry, {
      where: { actorId },
      order: { at: 'DESC' },
      take: limit,
    });
  }
}
