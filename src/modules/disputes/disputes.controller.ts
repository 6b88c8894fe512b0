import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { DisputeResolutionService } from './dispute-resolution.service.js';
import {
  DisputeDto,
  DisputeListDto,
  DisputePageDto,
  DisputeQueueQueryDto,
  OpenDisputeDto,
  ResolveDisputeDto,
} from './disputes.dto.js';
import { DisputesService } from './disputes.service.js';

@ApiTags('Disputes')
@Controller()
export class DisputesController {
  constructor(
    private readonly disputes: DisputesService,
    private readonly resolution: DisputeResolutionService,
  ) {}

  @Post('jobs/:id/disputes')
  @Auth('institution', 'professional')
  @ApiOperation({
    summary: 'Dispute a paid job, or a completed one within DISPUTE_WINDOW_HOURS',
    description:
      'The job’s institution or its assigned professional. Until an admin resolves it the job cannot be ' +
      'completed and its earnings are not released. Both parties are notified.',
  })
  @ApiCreatedResponse({ type: DisputeDto })
  @ApiProblem(400, 'Reason missing or too long, or bad details')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(
    409,
    'A dispute is already open (dispute-open), or the job cannot be disputed: not paid or completed, window ' +
      'closed, earnings released (dispute-not-allowed)',
  )
  open(
    @CurrentUser() user: AuthContext,
    @UuidParam() jobId: string,
    @Body() dto: OpenDisputeDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DisputeDto> {
    return this.disputes.open(user, jobId, dto, meta);
  }

  @Get('jobs/:id/disputes')
  @Auth()
  @ApiOperation({ summary: 'The disputes about a job, oldest first (its parties and admins)' })
  @ApiOkResponse({ type: DisputeListDto })
  @ApiProblem(400, 'Bad id')
  @ApiProblem(404, 'No such job of yours')
  list(@CurrentUser() user: AuthContext, @UuidParam() jobId: string): Promise<DisputeListDto> {
    return this.disputes.listForJob(user, jobId);
  }

  @Get('admin/disputes')
  @Auth('admin')
  @ApiOperation({ summary: 'Disputes by status, oldest first (default: the open queue)' })
  @ApiOkResponse({ type: DisputePageDto })
  @ApiProblem(400, 'Bad status, limit or cursor')
  queue(@Query() query: DisputeQueueQueryDto): Promise<DisputePageDto> {
    return this.disputes.queue(query.status, query.limit, query.cursor);
  }

  @Post('admin/disputes/:id/resolve')
  @Auth('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve an open dispute: release, refund or split the job’s money',
    description:
      'release: the professional is paid as on completion. refund: everything goes back to the institution ' +
      '(through PesaPal). split: professionalAmount to the professional (commission on it only), the rest ' +
      'back to the institution — a partial refund for a card payment, credit for mobile money. Both parties ' +
      'are notified.',
  })
  @ApiOkResponse({ type: DisputeDto })
  @ApiProblem(
    400,
    'Bad outcome or note; professionalAmount missing for split, given otherwise, or not below the job amount',
  )
  @ApiProblem(404, 'No such dispute')
  @ApiProblem(409, 'Already resolved (dispute-not-open), or the refund is not possible (refund-not-allowed)')
  resolve(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: ResolveDisputeDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DisputeDto> {
    return this.resolution.resolve(admin, id, dto, meta);
  }
}
