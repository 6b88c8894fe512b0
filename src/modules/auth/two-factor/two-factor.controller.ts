import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../../common/openapi/api-problem.decorator.js';
import { DisableTwoFactorDto, OtpDto } from '../dto/auth-requests.dto.js';
import { BackupCodesDto, TwoFactorSetupDto } from '../dto/auth-responses.dto.js';
import { TwoFactorService } from './two-factor.service.js';

@ApiTags('Auth')
@Controller('auth/2fa')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post('setup')
  @Auth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start TOTP setup: scan the QR code, then confirm with /auth/2fa/enable' })
  @ApiOkResponse({ type: TwoFactorSetupDto })
  @ApiProblem(409, 'Already enabled')
  setup(@CurrentUser() user: AuthContext): Promise<TwoFactorSetupDto> {
    return this.twoFactor.setup(user.userId);
  }

  @Post('enable')
  @Auth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn 2FA on with a current code; answers 10 single-use backup codes, shown once',
  })
  @ApiOkResponse({ type: BackupCodesDto })
  @ApiProblem(400, 'Wrong code (type wrong-otp)')
  @ApiProblem(409, 'Already enabled, or setup not started')
  async enable(
    @CurrentUser() user: AuthContext,
    @Body() dto: OtpDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<BackupCodesDto> {
    return { backupCodes: await this.twoFactor.enable(user.userId, dto.otp, meta) };
  }

  @Post('disable')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn 2FA off with a current code or the password' })
  @ApiNoContentResponse()
  @ApiProblem(400, 'Neither otp nor password given, or the one given is wrong')
  @ApiProblem(409, 'Not enabled')
  disable(
    @CurrentUser() user: AuthContext,
    @Body() dto: DisableTwoFactorDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.twoFactor.disable(user.userId, dto, meta);
  }
}
