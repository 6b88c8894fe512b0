import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminMetricsService } from './admin-metrics.service.js';
import { AdminOversightService } from './admin-oversight.service.js';
import { AdminUsersService } from './admin-users.service.js';
import { AdminController } from './admin.controller.js';

@Module({
  imports: [UsersModule, AuthModule, JobsModule, PaymentsModule, ProfessionalsModule],
  controllers: [AdminController],
  providers: [AdminMetricsService, AdminUsersService, AdminOversightService],
})
export class AdminModule {}
