import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import {
  ProfessionalProfileDto,
  ProfessionalProfileInputDto,
  ProfessionalPublicDto,
} from './dto/professional-profile.dto.js';
import { ProfessionalsService } from './professionals.service.js';

@ApiTags('Profiles')
@Controller('professional/profile')
@Auth('professional')
export class ProfessionalProfileController {
  constructor(private readonly professionals: ProfessionalsService) {}

  @Get()
  @ApiOperation({ summary: 'Your professional profile' })
  @ApiOkResponse({ type: ProfessionalProfileDto })
  @ApiProblem(404, 'No profile yet (type profile-not-found): create it with PUT')
  get(@CurrentUser() user: AuthContext): Promise<ProfessionalProfileDto> {
    return this.professionals.getOwn(user.userId);
  }

  @Put()
  @ApiOperation({
    summary: 'Create or replace your professional profile',
    description: 'Skills are stored lower case without duplicates; availability replaces the previous slots.',
  })
  @ApiOkResponse({ type: ProfessionalProfileDto })
  @ApiProblem(400, 'Invalid fields, unknown district, overlapping availability (see errors)')
  put(
    @CurrentUser() user: AuthContext,
    @Body() dto: ProfessionalProfileInputDto,
  ): Promise<ProfessionalProfileDto> {
    return this.professionals.saveOwn(user.userId, dto);
  }
}

@ApiTags('Profiles')
@Controller('professionals')
export class ProfessionalsController {
  constructor(private readonly professionals: ProfessionalsService) {}

  @Get(':id')
  @Auth('institution', 'admin')
  @ApiOperation({ summary: "A professional's public profile (no contact details)" })
  @ApiOkResponse({ type: ProfessionalPublicDto })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(404, 'No such professional')
  get(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<ProfessionalPublicDto> {
    return this.professionals.getPublic(id, user.role === 'admin');
  }
}
