import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AuditService } from '../audit/audit.service.js';
import type { JobPageDto } from '../jobs/dto/job-responses.dto.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { TransactionPageDto } from '../payments/dto/payments.dto.js';
import { PaymentsService } from '../payments/payments.service.js';
import type { AdminJobQueryDto, AdminPaymentQueryDto, AuditPageDto, AuditQueryDto } from './admin.dto.js';

/** Read-only admin views of jobs, payments and the audit log (which no route can change). */
@Injectable()
export class AdminOversightService {
  constructor(
    private readonly jobService: JobsService,
    private readonly paymentService: PaymentsService,
    private readonly audit: AuditService,
  ) {}

  jobs(admin: AuthContext, query: AdminJobQueryDto): Promise<JobPageDto> {
    const { status, institutionId } = query;
    return this.jobService.listAll(admin, { status, institutionId }, query.limit, query.cursor);
  }

  payments(query: AdminPaymentQueryDto): Promise<TransactionPageDto> {
    const { status, jobId, institutionId, from, to } = query;
    return this.paymentService.listAll({ status, jobId, institutionId, from, to }, query.limit, query.cursor);
  }

  auditLog(query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.search({ actor: query.actor, action: query.action }, query.limit, query.cursor);
  }
}
