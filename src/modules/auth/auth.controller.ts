import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser, Public } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { UserEnvelopeDto } from '../users/dto/user-response.dto.js';
import { AUTH_RATE_LIMITS } from './auth-rate-limits.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, RegisterDto } from './dto/auth-requests.dto.js';
import { LoginResponseDto, SessionListDto, TokenPairDto } from './dto/auth-responses.dto.js';
import { SessionsService } from './sessions/sessions.service.js';

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @Public()
  @RouteConfig(AUTH_RATE_LIMITS.register)
  @ApiOperation({ summary: 'Create a professional or institution account; mails an email-verification link' })
  @ApiCreatedResponse({ type: UserEnvelopeDto })
  @ApiProblem(400, 'Invalid field, weak password, bad phone, consent not given or role admin')
  @ApiProblem(409, 'Email or phone already registered (type email-taken / phone-taken)')
  @ApiProblem(429, 'More than 10 sign-ups per hour from this address')
  async register(@Body() dto: RegisterDto, @ClientMeta() meta: RequestMeta): Promise<UserEnvelopeDto> {
    return { user: await this.auth.register(dto, meta) };
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @RouteConfig(AUTH_RATE_LIMITS.login)
  @ApiOperation({ summary: 'Sign in; answers an access token (15 min) and a single-use refresh token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblem(401, 'Wrong credentials, or 2FA code needed (type otp-required) or wrong')
  @ApiProblem(403, 'Account suspended')
  @ApiProblem(429, 'More than 5 attempts per minute for this email from this address')
  async login(@Body() dto: LoginDto, @ClientMeta() meta: RequestMeta): Promise<LoginResponseDto> {
    return this.auth.login(dto, meta);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; a reused token ends its session' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblem(401, 'Invalid, expired or already used refresh token')
  refresh(@Body() dto: RefreshDto, @ClientMeta() meta: RequestMeta): Promise<TokenPairDto> {
    return this.sessions.refresh(dto.refreshToken, meta);
  }

  @Post('logout')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session' })
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthContext, @ClientMeta() meta: RequestMeta): Promise<void> {
    return this.sessions.revokeOwn(user.userId, user.sessionId, 'logout', meta);
  }

  @Get('sessions')
  @Auth()
  @ApiOperation({ summary: 'Your live sessions (device, address, last use)' })
  @ApiOkResponse({ type: SessionListDto })
  async listSessions(@CurrentUser() user: AuthContext): Promise<SessionListDto> {
    return { items: await this.sessions.listLive(user.userId, user.sessionId) };
  }

  @Delete('sessions/:id')
  @Auth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (sign a device out)' })
  @ApiNoContentResponse()
  @ApiProblem(404, 'No live session of yours has this id')
  revokeSession(
    @CurrentUser() user: AuthContext,
    @UuidParam('id', { version: '4' }) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.sessions.revokeOwn(user.userId, id, 'revoked-by-user', meta);
  }
}
