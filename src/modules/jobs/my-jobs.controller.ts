import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { JobListQueryDto } from './dto/job-requests.dto.js';
import { JobPageDto } from './dto/job-responses.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('Jobs')
@Controller()
export class MyJobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('institution/jobs')
  @Auth('institution')
  @ApiOperation({ summary: 'Your posted jobs, newest first, with the assignee once accepted' })
  @ApiOkResponse({ type: JobPageDto })
  @ApiProblem(400, 'Bad status, limit or cursor')
  institutionJobs(@CurrentUser() user: AuthContext, @Query() query: JobListQueryDto): Promise<JobPageDto> {
    return this.jobs.listForInstitution(user, query.status, query.limit, query.cursor);
  }

  @Get('professional/jobs')
  @Auth('professional')
  @ApiOperation({ summary: 'Jobs assigned to you, newest first' })
  @ApiOkResponse({ type: JobPageDto })
  @ApiProblem(400, 'Bad status, limit or cursor')
  professionalJobs(@CurrentUser() user: AuthContext, @Query() query: JobListQueryDto): Promise<JobPageDto> {
    return this.jobs.listForProfessional(user, query.status, query.limit, query.cursor);
  }
}
