import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import type { MetricsDto } from './admin.dto.js';

/** Platform counts: one aggregate query per owning module, each a single scan with FILTER clauses. */
@Injectable()
export class AdminMetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly payments: PaymentsService,
  ) {}

  async metrics(from?: string, to?: string): Promise<MetricsDto> {
    const [jobs, payments, [users]] = await Promise.all([
      this.jobs.countByStatus(from, to),
      this.payments.totals(from, to),
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
      payments,
      users: users as unknown as MetricsDto['users'],
    };
  }
}
