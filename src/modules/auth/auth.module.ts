import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '../../config/configuration.js';
import { durationMs } from '../../config/duration.js';
import { UsersModule } from '../users/users.module.js';
import { AccountRecoveryController } from './account-recovery.controller.js';
import { AuthController } from './auth.controller.js';
import { JwtAuthGuard, RolesGuard } from './auth.guards.js';
import { AuthService } from './auth.service.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { PasswordsService } from './password/passwords.service.js';
import { REVOCATION_MARGIN_MS, RevocationList } from './sessions/revocation-list.js';
import { RevocationListener } from './sessions/revocation-listener.js';
import { SessionsRepository } from './sessions/sessions.repository.js';
import { SessionsService } from './sessions/sessions.service.js';
import { OneTimeTokensRepository } from './tokens/one-time-tokens.repository.js';
import { OneTimeTokensService } from './tokens/one-time-tokens.service.js';
import { BackupCodesRepository } from './two-factor/backup-codes.repository.js';
import { TwoFactorController } from './two-factor/two-factor.controller.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it as a
        // PEM public key on every verify, which was a fifth of the CPU of an authenticated request.
        secret: createSecretKey(Buffer.from(config.get('auth', { infer: true }).jwtAccessSecret)),
      }),
    }),
  ],
  controllers: [AuthController, AccountRecoveryController, TwoFactorController],
  providers: [
    SessionsRepository,
    OneTimeTokensRepository,
    BackupCodesRepository,
    AuthService,
    SessionsService,
    PasswordHasher,
    PasswordsService,
    OneTimeTokensService,
    EmailVerificationService,
    TwoFactorService,
    {
      provide: RevocationList,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new RevocationList(
          durationMs(config.get('auth', { infer: true }).jwtAccessTtl) + REVOCATION_MARGIN_MS,
        ),
    },
    RevocationListener,
    // Order matters: who you are, then what your role may do.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [SessionsService, PasswordHasher, OneTimeTokensService, TwoFactorService, RevocationList],
})
export class AuthModule {}
