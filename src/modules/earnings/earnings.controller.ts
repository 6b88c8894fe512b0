import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { EarningsDto, EarningsEntryPageDto } from './earnings.dto.js';
import { EarningsService } from './earnings.service.js';

@ApiTags('Money')
@Controller('professional/earnings')
export class EarningsController {
  constructor(private readonly earnings: EarningsService) {}

  @Get()
  @Auth('professional')
  @ApiOperation({
    summary: 'Your earnings: held (pending), available for payout, in flight, paid out; read from the ledger',
  })
  @ApiOkResponse({ type: EarningsDto })
  summary(@CurrentUser() user: AuthContext): Promise<EarningsDto> {
    return this.earnings.summary(user);
  }

  @Get('entries')
  @Auth('professional')
  @ApiOperation({ summary: 'Every movement of your earnings, newest first' })
  @ApiOkResponse({ type: EarningsEntryPageDto })
  entries(@CurrentUser() user: AuthContext, @Query() query: PageQueryDto): Promise<EarningsEntryPageDto> {
    return this.earnings.entries(user, query.limit, query.cursor);
  }
}
