import { Body, Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { AccountService } from './account.service.js';
import { DataExportDto, DeleteMeDto, UpdateMeDto } from './dto/account.dto.js';

@ApiTags('Me')
@Controller('users/me')
@Auth()
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get()
  @ApiOperation({ summary: 'Your account' })
  @ApiOkResponse({ type: UserResponseDto })
  get(@CurrentUser() user: AuthContext): Promise<UserResponseDto> {
    return this.account.get(user.userId);
  }

  @Patch()
  @ApiOperation({ summary: 'Change your name, phone or email notifications' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblem(400, 'Invalid name or phone')
  @ApiProblem(409, 'Phone already used by another account (type phone-taken)')
  update(
    @CurrentUser() user: AuthContext,
    @Body() dto: UpdateMeDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<UserResponseDto> {
    return this.account.update(user.userId, dto, meta);
  }

  @Get('export')
  @ApiOperation({ summary: 'Everything stored about you, as JSON (DPPA right of access)' })
  @ApiOkResponse({ type: DataExportDto })
  export(@CurrentUser() user: AuthContext, @ClientMeta() meta: RequestMeta): Promise<DataExportDto> {
    return this.account.export(user.userId, meta);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete your account: personal data erased, sessions ended, payment records kept',
  })
  @ApiNoContentResponse()
  @ApiProblem(400, 'Wrong password (type wrong-password)')
  @ApiProblem(409, 'You have a job in progress (accepted or paid)')
  delete(
    @CurrentUser() user: AuthContext,
    @Body() dto: DeleteMeDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.account.delete(user, dto.password, meta);
  }
}
