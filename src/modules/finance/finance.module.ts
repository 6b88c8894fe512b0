import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { UsersModule } from '../users/users.module.js';
import { FinanceAdminController, StatementsController } from './finance.controller.js';
import { FinanceService } from './finance.service.js';
import { StatementsService } from './statements.service.js';

/**
 * Views of the ledger: professionals' monthly earnings statements and the admins' trial balance. It owns no
 * table; it reads through LedgerService (and JobsService for job titles).
 */
@Module({
  imports: [LedgerModule, JobsModule, UsersModule],
  controllers: [StatementsController, FinanceAdminController],
  providers: [StatementsService, FinanceService],
})
export class FinanceModule {}
