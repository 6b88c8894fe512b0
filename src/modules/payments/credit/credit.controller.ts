import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../../common/auth/auth.decorators.js';
import { InstitutionCreditDto } from './credit.dto.js';
import { CreditService } from './credit.service.js';

@ApiTags('Money')
@Controller()
export class CreditController {
  constructor(private readonly credit: CreditService) {}

  @Get('institution/credit')
  @Auth('institution')
  @ApiOperation({
    summary: 'Your credit: what refunds left with Qgig, spent first on your next payments',
    description: 'The balance and the latest 50 entries that moved it, newest first.',
  })
  @ApiOkResponse({ type: InstitutionCreditDto })
  get(@CurrentUser() user: AuthContext): Promise<InstitutionCreditDto> {
    return this.credit.creditOf(user.userId);
  }
}
