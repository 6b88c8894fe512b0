import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MetricsDto } from './admin.dto.js';

/** Platform counts in three aggregate queries (one per table), each a single scan with FILTER clauses. */
@Injectable()
export class AdminMetricsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async metrics(from?: string, to?: string): Promise<MetricsDto> {
    const range = [from ?? null, to ?? null];
    const [[jobs], [payments], [users]] = await Promise.all([
      this.dataSource.query<Record<string, number>[]>(
        `SELECT count(*)::int AS posted,
                count(*) FILTER (WHERE status = 'open')::int AS open,
                count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
                count(*) FILTER (WHERE status = 'paid')::int AS paid,
                count(*) FILTER (WHERE status = 'completed')::int AS completed,
                count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
                count(*) FILTER (WHERE status = 'expired')::int AS expired
           FROM jobs
          WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`,
        range,
      ),
      this.dataSource.query<Record<string, number>[]>(
        `SELECT count(*)::int AS count,
                coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::bigint AS "completedAmount",
                count(*) FILTER (WHERE status = 'pending')::int AS pending,
                count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM transactions
          WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`,
        range,
      ),
      this.dataSource.query<Record<string, number>[]>(
        `SELECT count(*) FILTER (WHERE u.role = 'professional' AND u.status <> 'deleted')::int AS professionals,
                count(*) FILTER (WHERE u.role = 'institution' AND u.status <> 'deleted')::int AS institutions,
                count(*) FILTER (WHERE p.verified AND u.status = 'active')::int AS "verifiedProfessionals",
                count(*) FILTER (WHERE u.status = 'suspended')::int AS suspended
           FROM users u LEFT JOIN professionals p ON p.user_id = u.id`,
      ),
    ]);
    return {
      jobs: jobs as unknown as MetricsDto['jobs'],
      payments: {
        ...(payments as unknown as MetricsDto['payments']),
        completedAmount: Number(payments.completedAmount),
      },
      users: users as unknown as MetricsDto['users'],
    };
  }
}
