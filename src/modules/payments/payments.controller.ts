import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import {
  InitiatedPaymentDto,
  InitiatePaymentDto,
  RefundAcceptedDto,
  RefundDto,
  TransactionDto,
  TransactionListQueryDto,
  TransactionPageDto,
} from './dto/payments.dto.js';
import { PaymentsService } from './payments.service.js';
import { RefundsService } from './refunds.service.js';

@ApiTags('Payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
  ) {}

  @Post('payments/initiate')
  @Auth('institution')
  @ApiOperation({
    summary: 'Pay for an accepted job through PesaPal',
    description: 'Send the payer to redirectUrl. The job becomes paid once PesaPal confirms the payment.',
  })
  @ApiCreatedResponse({ type: InitiatedPaymentDto })
  @ApiProblem(400, 'Invalid jobId, method or phone')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(
    409,
    'Already paid (already-paid), a payment is pending (payment-pending, returns it), or the job is not accepted',
  )
  @ApiProblem(
    502,
    'PesaPal unreachable or refused the order; nothing was created (payment-provider-unavailable)',
  )
  initiate(
    @CurrentUser() user: AuthContext,
    @Body() dto: InitiatePaymentDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<InitiatedPaymentDto> {
    return this.payments.initiate(user, dto, meta);
  }

  @Get('payments')
  @Auth('institution', 'professional')
  @ApiOperation({ summary: 'Your payments (professionals: payments for jobs assigned to you), newest first' })
  @ApiOkResponse({ type: TransactionPageDto })
  @ApiProblem(400, 'Bad status, limit or cursor')
  list(
    @CurrentUser() user: AuthContext,
    @Query() query: TransactionListQueryDto,
  ): Promise<TransactionPageDto> {
    return this.payments.list(user, query.status, query.limit, query.cursor);
  }

  @Get('payments/:id')
  @Auth()
  @ApiOperation({ summary: 'A payment: its payer, the job’s professional, or an admin' })
  @ApiOkResponse({ type: TransactionDto })
  @ApiProblem(404, 'No such payment, or not yours')
  get(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<TransactionDto> {
    return this.payments.get(user, id);
  }

  @Post('admin/payments/:id/refund')
  @HttpCode(202)
  @Auth('admin')
  @ApiTags('Admin')
  @ApiOperation({
    summary: 'Refund a completed payment through PesaPal; its job is cancelled',
    description: 'PesaPal queues the refund; the payment becomes reversed when PesaPal confirms it.',
  })
  @ApiOkResponse({ type: RefundAcceptedDto })
  @ApiProblem(404, 'No such payment')
  @ApiProblem(409, 'Not completed, already refunded, or PesaPal refused (refund-not-allowed, refund-refused)')
  @ApiProblem(502, 'PesaPal unreachable')
  refund(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: RefundDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RefundAcceptedDto> {
    return this.refunds.refundByAdmin(admin, id, dto.remarks, dto.amount, meta);
  }
}
