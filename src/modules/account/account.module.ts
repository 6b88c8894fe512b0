import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';

/** The caller's own account (`/users/me`), built on users and auth. */
@Module({ imports: [UsersModule, AuthModule], controllers: [AccountController], providers: [AccountService] })
export class AccountModule {}
