import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import type { JobPageDto } from '../jobs/dto/job-responses.dto.js';
import { JOB_VIEW_SELECT, toJobDto, type JobRow } from '../jobs/job-view.js';
import type { TransactionPageDto } from '../payments/dto/payments.dto.js';
import { Transaction } from '../payments/transaction.entity.js';
import { toTransactionDto } from '../payments/transaction.mapper.js';
import type { AdminJobQueryDto, AdminPaymentQueryDto, AuditPageDto, AuditQueryDto } from './admin.dto.js';

/** Read-only admin views of jobs, payments and the audit log (which no route can change). */
@Injectable()
export class AdminOversightService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async jobs(admin: AuthContext, query: AdminJobQueryDto): Promise<JobPageDto> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.dataSource.query<JobRow[]>(
      `${JOB_VIEW_SELECT}
        WHERE ($1::text IS NULL OR j.status = $1) AND ($2::uuid IS NULL OR j.institution_id = $2)
          AND ($3::timestamptz IS NULL OR (j.created_at, j.id) < ($3::timestamptz, $4::uuid))
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT $5`,
      [
        query.status ?? null,
        query.institutionId ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        query.limit + 1,
      ],
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.created_at.toISOString(), row.id],
      (row) => toJobDto(row, admin),
    );
  }

  async payments(query: AdminPaymentQueryDto): Promise<TransactionPageDto> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const builder = this.dataSource
      .createQueryBuilder(Transaction, 't')
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(query.limit + 1);
    if (query.status) builder.andWhere('t.status = :status', { status: query.status });
    if (query.jobId) builder.andWhere('t.job_id = :jobId', { jobId: query.jobId });
    if (query.institutionId)
      builder.andWhere('t.payer_id = :institutionId', { institutionId: query.institutionId });
    if (query.from) builder.andWhere('t.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('t.created_at < :to', { to: query.to });
    if (after)
      builder.andWhere('(t.created_at, t.id) < (:at::timestamptz, :id::uuid)', {
        at: after[0],
        id: after[1],
      });
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (t) => [t.createdAt.toISOString(), t.id], toTransactionDto);
  }

  async auditLog(query: AuditQueryDto): Promise<AuditPageDto> {
    const after = decodeCursor(query.cursor, ['integer']);
    const builder = this.dataSource
      .createQueryBuilder(AuditEntry, 'a')
      .orderBy('a.id', 'DESC')
      .take(query.limit + 1);
    if (query.actor) builder.andWhere('a.actor_id = :actor', { actor: query.actor });
    if (query.action?.endsWith('.'))
      builder.andWhere('starts_with(a.action, :action)', { action: query.action });
    else if (query.action) builder.andWhere('a.action = :action', { action: query.action });
    if (after) builder.andWhere('a.id < :id', { id: after[0] });
    const rows = await builder.getMany();
    return toPage(
      rows,
      query.limit,
      (a) => [String(a.id)],
      (a) => ({
        id: String(a.id),
        actorId: a.actorId,
        action: a.action,
        targetType: a.targetType,
        targetId: a.targetId,
        ip: a.ip,
        requestId: a.requestId,
        details: a.details,
        at: a.at.toISOString(),
      }),
    );
  }
}
