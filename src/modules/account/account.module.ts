import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { InstitutionsModule } from '../institutions/institutions.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PayoutsModule } from '../payouts/payouts.module.js';
import { ShiftsModule } from '../shifts/shifts.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { UsersModule } from '../users/users.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';

/**
 * The caller's own account (`/users/me`), built on users, auth, the profiles, jobs (none in progress before
 * deleting) and verification (documents to export and erase).
 */
@Module({
  imports: [
    UsersModule,
    AuthModule,
    ProfessionalsModule,
    InstitutionsModule,
    JobsModule,
    VerificationModule,
    PayoutsModule,
    ShiftsModule,
  ],
  controllers: [AccountController],
  providers: [AccountService],
})
export class AccountModule {}
