import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CancelJobDto, CreateJobDto, JobDiscoveryQueryDto, UpdateJobDto } from './dto/job-requests.dto.js';
import { CandidatePageDto, JobDto, RankedJobPageDto } from './dto/job-responses.dto.js';
import { JobAssignmentService } from './job-assignment.service.js';
import { JobCancellationService } from './job-cancellation.service.js';
import { JobDiscoveryService } from './job-discovery.service.js';
import { JobsService } from './jobs.service.js';

const JobId = () => UuidParam();

@ApiTags('Jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly discovery: JobDiscoveryService,
    private readonly assignment: JobAssignmentService,
    private readonly cancellation: JobCancellationService,
  ) {}

  @Post()
  @Auth('institution')
  @ApiOperation({ summary: 'Post a job (verified email and a complete institution profile needed)' })
  @ApiCreatedResponse({ type: JobDto })
  @ApiProblem(400, 'Invalid fields: past date, end not after start, rate ≤ 0, unknown district (see errors)')
  @ApiProblem(403, 'Email not verified (email-not-verified) or no institution profile (profile-required)')
  create(@CurrentUser() user: AuthContext, @Body() dto: CreateJobDto): Promise<JobDto> {
    return this.jobs.create(user, dto);
  }

  @Get()
  @Auth('professional')
  @ApiOperation({
    summary: 'Open future jobs of your profession, best match first',
    description:
      'Each item carries its match score (DESIGN.md, Matching). Pass nextCursor back for the next page.',
  })
  @ApiOkResponse({ type: RankedJobPageDto })
  @ApiProblem(400, 'Bad filter, limit or cursor')
  @ApiProblem(403, 'No professional profile yet (profile-required)')
  discover(
    @CurrentUser() user: AuthContext,
    @Query() query: JobDiscoveryQueryDto,
  ): Promise<RankedJobPageDto> {
    return this.discovery.discover(user, query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({ summary: 'A job: its institution, assignee, any professional while open, or an admin' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblem(404, 'No such job, or not one you can see')
  get(@CurrentUser() user: AuthContext, @JobId() id: string): Promise<JobDto> {
    return this.jobs.get(user, id);
  }

  @Patch(':id')
  @Auth('institution')
  @ApiOperation({ summary: 'Edit your job while it is open' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblem(400, 'Invalid fields (see errors)')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(409, 'The job is no longer open (job-not-open)')
  update(@CurrentUser() user: AuthContext, @JobId() id: string, @Body() dto: UpdateJobDto): Promise<JobDto> {
    return this.jobs.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('institution')
  @ApiOperation({ summary: 'Delete your job while it is open' })
  @ApiNoContentResponse()
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(409, 'The job is no longer open (job-not-open)')
  delete(@CurrentUser() user: AuthContext, @JobId() id: string): Promise<void> {
    return this.jobs.delete(user, id);
  }

  @Get(':id/candidates')
  @Auth('institution')
  @ApiOperation({ summary: 'Verified professionals free for your job, best match first' })
  @ApiOkResponse({ type: CandidatePageDto })
  @ApiProblem(404, 'No such job of yours')
  candidates(
    @CurrentUser() user: AuthContext,
    @JobId() id: string,
    @Query() query: PageQueryDto,
  ): Promise<CandidatePageDto> {
    return this.discovery.candidates(user, id, query.limit, query.cursor);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Auth('professional')
  @ApiOperation({ summary: 'Accept an open job: exactly one professional wins' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblem(403, 'Email not verified, not a verified professional, or another profession')
  @ApiProblem(404, 'No such job')
  @ApiProblem(
    409,
    'Already taken (job-taken), started, not open, or overlaps a job you hold (schedule-conflict)',
  )
  accept(
    @CurrentUser() user: AuthContext,
    @JobId() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<JobDto> {
    return this.assignment.accept(user, id, meta);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth('institution', 'professional', 'admin')
  @ApiOperation({
    summary: 'Cancel a job (institution, admin) or withdraw from it (assigned professional; it reopens)',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiProblem(400, 'Reason missing')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(409, 'Not in a state that can be cancelled (invalid-job-transition)')
  cancel(
    @CurrentUser() user: AuthContext,
    @JobId() id: string,
    @Body() dto: CancelJobDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<JobDto> {
    return this.cancellation.cancel(user, id, dto.reason, meta);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Auth('institution')
  @ApiOperation({ summary: 'Confirm a paid job was done' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(409, 'The job is not paid (invalid-job-transition)')
  complete(
    @CurrentUser() user: AuthContext,
    @JobId() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<JobDto> {
    return this.assignment.complete(user, id, meta);
  }
}
