import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { UnblockResultDto } from './reliability.dto.js';
import { ReliabilityService } from './reliability.service.js';

@ApiTags('Admin')
@Controller('admin/professionals')
@Auth('admin')
export class ReliabilityAdminController {
  constructor(private readonly reliability: ReliabilityService) {}

  @Post(':id/unblock')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Let a professional accept jobs again before their block ends (3 no-shows in 90 days block 7 days)',
    description: 'Lifts every block in force (none: nothing changes, still 200); audited.',
  })
  @ApiOkResponse({ type: UnblockResultDto })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(403, 'Not an admin')
  @ApiProblem(404, 'No such professional')
  unblock(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<UnblockResultDto> {
    return this.reliability.unblock(admin, id, meta);
  }
}
