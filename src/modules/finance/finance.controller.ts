import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { inlineDisposition } from '../../common/pdf/pdf-file.js';
import { TrialBalanceDto } from './dto/trial-balance.dto.js';
import { FinanceService } from './finance.service.js';
import { MonthParam, type StatementMonth } from './statement-month.js';
import { StatementsService } from './statements.service.js';

@ApiTags('Money')
@Controller()
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get('professional/statements/:month')
  @Auth('professional')
  @ApiOperation({
    summary: 'Your earnings statement for a month, as a PDF',
    description:
      'Every movement of your pending, available and in-flight payout balances in that Kampala month, the ' +
      'month’s earnings and payouts, and the balances at its start and end. Numbered ST-YYYY-MM-<your id>.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The statement; Content-Disposition: inline; filename="ST-2026-11-1a2b3c4d.pdf"',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblem(400, 'The month is not YYYY-MM, or is in the future')
  async statement(
    @CurrentUser() user: AuthContext,
    @MonthParam() month: StatementMonth,
  ): Promise<StreamableFile> {
    const file = await this.statements.statement(user, month);
    return new StreamableFile(file.data, {
      type: 'application/pdf',
      disposition: inlineDisposition(file),
      length: file.data.length,
    });
  }
}

@ApiTags('Admin', 'Money')
@Controller('admin/finance')
@Auth('admin')
export class FinanceAdminController {
  constructor(private readonly finance: FinanceService) {}

  @Get('trial-balance')
  @ApiOperation({
    summary: 'Trial balance: the balance of every ledger account type; the total must be 0',
  })
  @ApiOkResponse({ type: TrialBalanceDto })
  trialBalance(): Promise<TrialBalanceDto> {
    return this.finance.trialBalance();
  }
}
