import { Module } from '@nestjs/common';
import { DisputesModule } from '../disputes/disputes.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { AttendanceService } from './attendance.service.js';
import { ShiftBookings } from './shift-bookings.js';
import { ShiftExport } from './shift-export.js';
import { ShiftTransitions } from './shift.transitions.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsRepository } from './shifts.repository.js';
import { ShiftsWorker } from './shifts.worker.js';
import { TimesheetAutoApproveWorker } from './timesheet-auto-approve.worker.js';
import { TimesheetSettlement } from './timesheet-settlement.js';
import { TimesheetTransitions } from './timesheet.transitions.js';
import { TimesheetsController } from './timesheets.controller.js';
import { TimesheetsRepository } from './timesheets.repository.js';
import { TimesheetsService } from './timesheets.service.js';

/**
 * Shifts that really happen, once a job is booked (paid): confirmation, reminders and the at-risk flag,
 * attendance codes, check-in/out, the institution's no-show report; then the timesheet — the hours the
 * professional claims, which the institution approves (completing the job) or disputes. Builds on jobs (its
 * exported services and `job.booked` / `job.completing`), payments and disputes; nothing depends on it. The
 * jobs module shows a shift's state and timesheet on the job by joining `shifts` and `timesheets` read only.
 */
@Module({
  imports: [JobsModule, PaymentsModule, DisputesModule],
  controllers: [
    // Attendance: confirmation, codes, check-in/out, no-show
    ShiftsController,
    // Timesheets
    TimesheetsController,
  ],
  providers: [
    // Attendance
    ShiftsRepository,
    ShiftTransitions,
    ShiftBookings,
    AttendanceService,
    ShiftsWorker,
    ShiftExport,
    // Timesheets
    TimesheetsRepository,
    TimesheetTransitions,
    TimesheetsService,
    TimesheetSettlement,
    TimesheetAutoApproveWorker,
  ],
  exports: [ShiftsWorker, TimesheetAutoApproveWorker, ShiftExport],
})
export class ShiftsModule {}
