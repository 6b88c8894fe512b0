import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser, Public } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { AUTH_RATE_LIMITS } from './auth-rate-limits.js';
import { ChangePasswordDto, ForgotPasswordDto, ResetPasswordDto, TokenDto } from './dto/auth-requests.dto.js';
import { EmailVerifiedDto } from './dto/auth-responses.dto.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordsService } from './password/passwords.service.js';

@ApiTags('Auth')
@Controller('auth')
export class AccountRecoveryController {
  constructor(
    private readonly emailVerification: EmailVerificationService,
    private readonly passwords: PasswordsService,
  ) {}

  @Post('verify-email')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the email address with the token from the mailed link' })
  @ApiOkResponse({ type: EmailVerifiedDto })
  @ApiProblem(400, 'Token invalid, used or expired (type invalid-token)')
  async verifyEmail(@Body() dto: TokenDto, @ClientMeta() meta: RequestMeta): Promise<EmailVerifiedDto> {
    await this.emailVerification.verify(dto.token, meta);
    return { emailVerified: true };
  }

  @Post('verify-email/resend')
  @Auth()
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a new verification link (nothing is sent when already verified)' })
  @ApiAcceptedResponse()
  resendVerification(@CurrentUser() user: AuthContext): Promise<void> {
    return this.emailVerification.resend(user.userId);
  }

  @Post('password/forgot')
  @Public()
  @HttpCode(202)
  @RouteConfig(AUTH_RATE_LIMITS.forgotPassword)
  @ApiOperation({ summary: 'Mail a password-reset link (valid 1 h) if the account exists; always 202' })
  @ApiAcceptedResponse()
  @ApiProblem(429, 'More than 3 requests per hour for this email')
  forgotPassword(@Body() dto: ForgotPasswordDto, @ClientMeta() meta: RequestMeta): Promise<void> {
    return this.passwords.forgot(dto.email, meta);
  }

  @Post('password/reset')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the mailed token; signs out every session' })
  @ApiNoContentResponse()
  @ApiProblem(400, 'Token invalid, used or expired, or the new password is too weak')
  resetPassword(@Body() dto: ResetPasswordDto, @ClientMeta() meta: RequestMeta): Promise<void> {
    return this.passwords.reset(dto.token, dto.newPassword, meta);
  }

  @Post('password/change')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password; signs out every other session' })
  @ApiNoContentResponse()
  @ApiProblem(400, 'currentPassword wrong (type wrong-password) or the new password too weak')
  changePassword(
    @CurrentUser() user: AuthContext,
    @Body() dto: ChangePasswordDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.passwords.change(user, dto.currentPassword, dto.newPassword, meta);
  }
}
