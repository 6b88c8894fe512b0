import { Module } from '@nestjs/common';
import { DisputesModule } from '../disputes/disputes.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { TimesheetAutoApproveWorker } from './timesheet-auto-approve.worker.js';
import { TimesheetSettlement } from './timesheet-settlement.js';
import { TimesheetTransitions } from './timesheet.transitions.js';
import { TimesheetsController } from './timesheets.controller.js';
import { TimesheetsRepository } from './timesheets.repository.js';
import { TimesheetsService } from './timesheets.service.js';

/**
 * Shifts that really happen. Timesheets: the hours the professional claims, which the institution approves
 * (completing the job) or disputes. Builds on jobs, payments and disputes; nothing depends on it.
 */
@Module({
  imports: [JobsModule, PaymentsModule, DisputesModule],
  controllers: [
    // Timesheets
    TimesheetsController,
  ],
  providers: [
    // Timesheets
    TimesheetsRepository,
    TimesheetTransitions,
    TimesheetsService,
    TimesheetSettlement,
    TimesheetAutoApproveWorker,
  ],
})
export class ShiftsModule {}
