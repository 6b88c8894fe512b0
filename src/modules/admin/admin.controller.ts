import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CancelJobDto } from '../jobs/dto/job-requests.dto.js';
import { JobDto, JobPageDto } from '../jobs/dto/job-responses.dto.js';
import { JobCancellationService } from '../jobs/job-cancellation.service.js';
import { TransactionPageDto } from '../payments/dto/payments.dto.js';
import {
  AdminJobQueryDto,
  AdminPaymentQueryDto,
  AdminUserDto,
  AdminUserPageDto,
  AuditPageDto,
  AuditQueryDto,
  DateRangeQueryDto,
  MetricsDto,
  SuspendUserDto,
  UserSearchQueryDto,
} from './admin.dto.js';
import { AdminMetricsService } from './admin-metrics.service.js';
import { AdminOversightService } from './admin-oversight.service.js';
import { AdminUsersService } from './admin-users.service.js';

@ApiTags('Admin')
@Controller('admin')
@Auth('admin')
export class AdminController {
  constructor(
    private readonly metricsService: AdminMetricsService,
    private readonly usersService: AdminUsersService,
    private readonly oversight: AdminOversightService,
    private readonly cancellation: JobCancellationService,
  ) {}

  @Get('metrics')
  @ApiOperation({
    summary: 'Platform metrics: jobs by status, payments, users (optional ?from=&to= for jobs and payments)',
  })
  @ApiOkResponse({ type: MetricsDto })
  @ApiProblem(400, 'from/to not ISO 8601')
  metrics(@Query() query: DateRangeQueryDto): Promise<MetricsDto> {
    return this.metricsService.metrics(query.from, query.to);
  }

  @Get('users')
  @ApiOperation({ summary: 'Search users by role, status and part of name, email or phone' })
  @ApiOkResponse({ type: AdminUserPageDto })
  @ApiProblem(400, 'Bad filter, limit or cursor')
  users(@Query() query: UserSearchQueryDto): Promise<AdminUserPageDto> {
    return this.usersService.search(query);
  }

  @Post('users/:id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a user: their sessions end now; login tells them the category' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiProblem(400, 'Reason missing or category unknown')
  @ApiProblem(403, 'The target is an admin, or yourself (cannot-suspend-admin)')
  @ApiProblem(404, 'No such user')
  suspend(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: SuspendUserDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<AdminUserDto> {
    return this.usersService.suspend(admin, id, dto.reason, dto.category ?? 'policy_violation', meta);
  }

  @Post('users/:id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiProblem(404, 'No such user')
  @ApiProblem(409, 'Not suspended (not-suspended)')
  activate(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<AdminUserDto> {
    return this.usersService.activate(admin, id, meta);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'All jobs, newest first, by status or institution' })
  @ApiOkResponse({ type: JobPageDto })
  @ApiProblem(400, 'Bad filter, limit or cursor')
  jobs(@CurrentUser() admin: AuthContext, @Query() query: AdminJobQueryDto): Promise<JobPageDto> {
    return this.oversight.jobs(admin, query);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a job with a reason (a paid job is refunded through PesaPal)' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblem(400, 'Reason missing')
  @ApiProblem(404, 'No such job')
  @ApiProblem(409, 'Already completed, cancelled or expired (invalid-job-transition)')
  cancelJob(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: CancelJobDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<JobDto> {
    return this.cancellation.cancel(admin, id, dto.reason, meta);
  }

  @Get('payments')
  @ApiOperation({ summary: 'All payments, newest first, by status, job, institution and date' })
  @ApiOkResponse({ type: TransactionPageDto })
  @ApiProblem(400, 'Bad filter, limit or cursor')
  payments(@Query() query: AdminPaymentQueryDto): Promise<TransactionPageDto> {
    return this.oversight.payments(query);
  }

  @Get('audit-log')
  @ApiOperation({ summary: 'Who did what, when, from where (append-only), newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblem(400, 'Bad filter, limit or cursor')
  auditLog(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.oversight.auditLog(query);
  }
}
