import { Injectable } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import { UsersService } from '../users/users.service.js';
import type { MetricsDto } from './admin.dto.js';

/** Platform counts: one aggregate query per owning module, each a single scan with FILTER clauses. */
@Injectable()
export class AdminMetricsService {
  constructor(
    private readonly users: UsersService,
    private readonly professionals: ProfessionalsService,
    private readonly jobs: JobsService,
    private readonly payments: PaymentsService,
  ) {}

  async metrics(from?: string, to?: string): Promise<MetricsDto> {
    const [jobs, payments, users, verifiedProfessionals] = await Promise.all([
      this.jobs.countByStatus(from, to),
      this.payments.totals(from, to),
      this.users.counts(),
      this.professionals.countVerifiedActive(),
    ]);
    return {
      jobs: jobs as unknown as MetricsDto['jobs'],
      payments,
      users: { ...users, verifiedProfessionals },
    };
  }
}
