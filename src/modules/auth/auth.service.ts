import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import type { UserResponseDto } from '../users/dto/user-response.dto.js';
import { toUserResponse } from '../users/user.mapper.js';
import { UsersService } from '../users/users.service.js';
import { CURRENT_CONSENT_VERSION } from './consent.js';
import type { LoginDto, RegisterDto } from './dto/auth-requests.dto.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { SessionsService, suspendedError, type TokenPair } from './sessions/sessions.service.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

/** Sign-up and sign-in. */
@Injectable()
export class AuthService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
    private readonly emailVerification: EmailVerificationService,
    private readonly audit: AuditService,
  ) {}

  /** Creates the account with its consent record and queues the verification mail, in one transaction. */
  async register(dto: RegisterDto, meta: RequestMeta): Promise<UserResponseDto> {
    const phone = normalizeUgandanMobile(dto.phone);
    if (!phone.ok) throw new Error('phone passed validation but does not normalise');
    const passwordHash = await this.hasher.hash(dto.password);
    return this.transactions.run(async (em) => {
      const user = await this.users.create(em, {
        name: dto.name,
        email: dto.email,
        phone: phone.e164,
        passwordHash,
        role: dto.role,
        consentVersion: CURRENT_CONSENT_VERSION,
      });
      await this.emailVerification.sendFor(em, user);
      await this.audit.record(
        { action: 'auth.register', actorId: user.id, target: { type: 'user', id: user.id }, meta },
        em,
      );
      return toUserResponse(user);
    });
  }

  /** Same 401, and about the same time, for an unknown email and a wrong password. */
  async login(dto: LoginDto, meta: RequestMeta): Promise<TokenPair & { user: UserResponseDto }> {
    const user = await this.users.findByEmail(dto.email);
    const passwordOk = user?.passwordHash
      ? await this.hasher.verify(dto.password, user.passwordHash)
      : await this.hasher.verifyNobody(dto.password);
    if (!user || !passwordOk || user.status === 'deleted') {
      await this.audit.record({
        action: 'auth.login_failed',
        actorId: user?.id ?? null,
        meta,
        details: user ? { reason: 'password' } : { reason: 'unknown-email', email: dto.email },
      });
      throw new DomainError('INVALID_CREDENTIALS', 'The email or password is wrong.');
    }
    if (user.status === 'suspended') {
      await this.audit.record({ action: 'auth.login_refused_suspended', actorId: user.id, meta });
      throw suspendedError(user.suspensionCategory);
    }

    const outcome = await this.transactions.run(async (em) => {
      if (user.twoFactorEnabledAt) {
        const check = await this.twoFactor.checkAtLogin(em, user.id, dto.otp, meta);
        if (check !== 'ok') return { otp: check };
      }
      const pair = await this.sessions.open(em, user, meta);
      await this.audit.record({ action: 'auth.login', actorId: user.id, meta }, em);
      return { pair };
    });
    if (outcome.pair) return { ...outcome.pair, user: toUserResponse(user) };
    if (outcome.otp === 'missing') {
      throw new DomainError(
        'OTP_REQUIRED',
        'Two-factor authentication is on: send the 6-digit code from the authenticator app (or a backup code) as otp.',
      );
    }
    await this.audit.record({
      action: 'auth.login_failed',
      actorId: user.id,
      meta,
      details: { reason: 'otp' },
    });
    throw new DomainError(
      'INVALID_OTP',
      'The two-factor code is wrong or already used. Try the current code.',
    );
  }
}
