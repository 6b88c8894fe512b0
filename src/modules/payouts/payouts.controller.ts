import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import {
  ApiIdempotencyKey,
  IDEMPOTENT_REPLAYED_HEADER,
  IdempotencyKey,
} from '../../common/http/idempotency-key.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import {
  AdminPayoutDto,
  AdminPayoutPageDto,
  AdminPayoutQueryDto,
  MarkPayoutFailedDto,
  MarkPayoutPaidDto,
  PayoutAccountDto,
  PayoutAccountInputDto,
  PayoutDto,
  PayoutPageDto,
  RequestPayoutDto,
} from './dto/payouts.dto.js';
import { PayoutsService } from './payouts.service.js';

@ApiTags('Money')
@Controller('professional')
@Auth('professional')
export class ProfessionalPayoutsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get('payout-account')
  @ApiOperation({ summary: 'Your payout account: the mobile-money number payouts are sent to' })
  @ApiOkResponse({ type: PayoutAccountDto })
  @ApiProblem(404, 'No payout account yet (payout-account-not-found): set one with PUT')
  getAccount(@CurrentUser() user: AuthContext): Promise<PayoutAccountDto> {
    return this.payouts.getAccount(user.userId);
  }

  @Put('payout-account')
  @ApiOperation({
    summary: 'Set or replace your payout account',
    description:
      'The number must be on the chosen network: MTN 076/077/078, Airtel 070/074/075. Payouts already ' +
      'requested keep the account they were requested to.',
  })
  @ApiOkResponse({ type: PayoutAccountDto })
  @ApiProblem(400, 'Invalid fields, or a number that is not on the chosen network (see errors)')
  putAccount(
    @CurrentUser() user: AuthContext,
    @Body() dto: PayoutAccountInputDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<PayoutAccountDto> {
    return this.payouts.saveAccount(user.userId, dto, meta);
  }

  @Post('payouts')
  @ApiOperation({
    summary: 'Request a payout of your available money to your payout account',
    description:
      'The amount leaves your available money at once and is sent to the mobile-money number of your ' +
      'payout account; the payout becomes paid (with the transaction id) or failed (the money is ' +
      'available again).',
  })
  @ApiCreatedResponse({
    type: PayoutDto,
    description: 'The payout; also for a retry with the same Idempotency-Key, which moves nothing again',
    headers: {
      [IDEMPOTENT_REPLAYED_HEADER]: {
        description: '`true` when this answer repeats an earlier request with the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblem(400, 'Invalid amount, or below the minimum payout (PAYOUT_MIN_UGX)')
  @ApiProblem(
    403,
    'Not verified (not-verified), or no payout account set (payout-account-required); also a suspended account or another role',
  )
  @ApiProblem(409, 'More than your available money (insufficient-funds, with `available`)')
  @ApiProblem(
    422,
    'This Idempotency-Key was already used for a payout of another amount (idempotency-key-reused, with `payoutId`)',
  )
  @ApiIdempotencyKey('payout')
  async request(
    @CurrentUser() user: AuthContext,
    @Body() dto: RequestPayoutDto,
    @ClientMeta() meta: RequestMeta,
    @IdempotencyKey() idempotencyKey: string | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PayoutDto> {
    const { payout, replayed } = await this.payouts.request(user, dto.amount, meta, idempotencyKey);
    if (replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return payout;
  }

  @Get('payouts')
  @ApiOperation({ summary: 'Your payouts, newest first' })
  @ApiOkResponse({ type: PayoutPageDto })
  @ApiProblem(400, 'Bad limit or cursor')
  list(@CurrentUser() user: AuthContext, @Query() query: PageQueryDto): Promise<PayoutPageDto> {
    return this.payouts.listOwn(user.userId, query.limit, query.cursor);
  }
}

@ApiTags('Admin', 'Money')
@Controller('admin/payouts')
@Auth('admin')
export class AdminPayoutsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get()
  @ApiOperation({
    summary: 'The payout queue, oldest first',
    description: 'Send each requested payout by mobile money, then record it paid (or failed).',
  })
  @ApiOkResponse({ type: AdminPayoutPageDto })
  @ApiProblem(400, 'Bad status, limit or cursor')
  list(@Query() query: AdminPayoutQueryDto): Promise<AdminPayoutPageDto> {
    return this.payouts.listQueue(query.status, query.limit, query.cursor);
  }

  @Post(':id/paid')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a requested payout as sent, with the mobile-money transaction id',
    description: 'The money leaves the platform in the ledger; the professional is notified.',
  })
  @ApiOkResponse({ type: AdminPayoutDto })
  @ApiProblem(400, 'Invalid id or reference')
  @ApiProblem(404, 'No such payout')
  @ApiProblem(
    409,
    'The payout is not requested (invalid-payout-transition), or this transaction id already paid another payout',
  )
  markPaid(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: MarkPayoutPaidDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<AdminPayoutDto> {
    return this.payouts.markPaid(admin, id, dto.reference, meta);
  }

  @Post(':id/failed')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that a requested payout could not be sent',
    description: 'Its money is available to the professional again; they are told the reason.',
  })
  @ApiOkResponse({ type: AdminPayoutDto })
  @ApiProblem(400, 'Invalid id or reason')
  @ApiProblem(404, 'No such payout')
  @ApiProblem(409, 'The payout is not requested (invalid-payout-transition)')
  markFailed(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: MarkPayoutFailedDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<AdminPayoutDto> {
    return this.payouts.markFailed(admin, id, dto.reason, meta);
  }
}
