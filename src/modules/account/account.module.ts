import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';

/** The caller's own account (`/users/me`), built on users, auth and verification (documents to erase). */
@Module({
  imports: [UsersModule, AuthModule, VerificationModule],
  controllers: [AccountController],
  providers: [AccountService],
})
export class AccountModule {}
