import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import {
  InstitutionProfileDto,
  InstitutionProfileInputDto,
  InstitutionPublicDto,
} from './dto/institution-profile.dto.js';
import { InstitutionsService } from './institutions.service.js';

@ApiTags('Profiles')
@Controller('institution/profile')
@Auth('institution')
export class InstitutionProfileController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @ApiOperation({ summary: 'Your institution profile' })
  @ApiOkResponse({ type: InstitutionProfileDto })
  @ApiProblem(404, 'No profile yet (type profile-not-found): create it with PUT')
  get(@CurrentUser() user: AuthContext): Promise<InstitutionProfileDto> {
    return this.institutions.getOwn(user.userId);
  }

  @Put()
  @ApiOperation({ summary: 'Create or replace your institution profile (needed before posting jobs)' })
  @ApiOkResponse({ type: InstitutionProfileDto })
  @ApiProblem(400, 'Invalid fields or unknown district (see errors)')
  put(
    @CurrentUser() user: AuthContext,
    @Body() dto: InstitutionProfileInputDto,
  ): Promise<InstitutionProfileDto> {
    return this.institutions.saveOwn(user.userId, dto);
  }
}

@ApiTags('Profiles')
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get(':id')
  @Auth('professional', 'admin')
  @ApiOperation({ summary: "An institution's public profile with its ratings" })
  @ApiOkResponse({ type: InstitutionPublicDto })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(404, 'No such institution')
  get(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<InstitutionPublicDto> {
    return this.institutions.getPublic(id, user.role === 'admin');
  }
}
