import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { AttendanceService } from './attendance.service.js';
import { ShiftBookings } from './shift-bookings.js';
import { ShiftTransitions } from './shift.transitions.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsRepository } from './shifts.repository.js';
import { ShiftsWorker } from './shifts.worker.js';

/**
 * Shifts that really happen, once a job is booked (paid): confirmation, reminders and the at-risk flag,
 * attendance codes, check-in/out, the institution's no-show report. Builds on jobs (its exported services
 * and `job.booked`); the jobs module shows a shift's state on the job by joining `shifts` read only.
 */
@Module({
  imports: [JobsModule],
  controllers: [
    // Attendance: confirmation, codes, check-in/out, no-show
    ShiftsController,
  ],
  providers: [
    // Attendance
    ShiftsRepository,
    ShiftTransitions,
    ShiftBookings,
    AttendanceService,
    ShiftsWorker,
  ],
  exports: [
    // Attendance
    ShiftsWorker,
  ],
})
export class ShiftsModule {}
