import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import QRCode from 'qrcode';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formatKampalaDateTime } from '../../common/time/kampala-calendar.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import type { JobDto } from '../jobs/dto/job-responses.dto.js';
import { JobCancellationService } from '../jobs/job-cancellation.service.js';
import { JobsService, type JobParticipants } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { assertAttendanceMove, attendanceState } from './attendance-moves.js';
import {
  afterCodeFailure,
  attendanceCodeAt,
  CHECK_IN_OPENS_MINUTES,
  checkInOpensAt,
  checkInWindow,
  codeAttemptsBlockedFor,
  matchAttendanceCode,
  MAX_CODE_FAILURES,
  noShowFrom,
  CODE_FAILURE_WINDOW_MINUTES,
} from './attendance-rules.js';
import type { AttendanceCodeDto, CheckInDto, CheckOutDto, ShiftConfirmationDto } from './attendance.dto.js';
import { toAttendanceCode, toCheckIn, toCheckOut, toConfirmation } from './attendance.mapper.js';
import { ShiftBookings } from './shift-bookings.js';
import { ShiftTransitions } from './shift.transitions.js';
import { ShiftsRepository, type ShiftRow } from './shifts.repository.js';

const NO_SHOW_REASON = 'The professional did not come (no-show reported by the institution).';

type Party = 'institution' | 'professional';
type Attendance = 'checked_in' | 'checked_out';

/**
 * A booked shift's attendance: the professional confirms and checks in and out with the rotating code
 * the institution shows; the institution reports a no-show. Every change locks the job, then the shift
 * (job → shift), and goes through ShiftTransitions; times come from the Clock.
 */
@Injectable()
export class AttendanceService {
  private readonly frontendUrl: string;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly shifts: ShiftsRepository,
    private readonly transitions: ShiftTransitions,
    private readonly bookings: ShiftBookings,
    private readonly jobs: JobsService,
    private readonly cancellation: JobCancellationService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  /** POST /jobs/:id/confirm: the assigned professional says they will come. */
  confirm(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<ShiftConfirmationDto> {
    return this.transactions.run(async (em) => {
      const { job, shift } = await this.lockBooked(em, caller, jobId, 'professional');
      const at = this.clock.now();
      await this.transitions.transition(em, shift, 'confirmed', caller.userId, { at, meta });
      await this.notifications.notify(em, {
        userId: job.institutionId,
        type: 'shift.confirmed',
        title: `The professional confirmed “${job.title}”`,
        body: `The shift starting ${formatKampalaDateTime(shift.starts_at)} is confirmed.`,
        data: { jobId },
        dedupeKey: `shift.confirmed:${jobId}:${shift.booked_at.getTime()}`,
      });
      return toConfirmation(at);
    });
  }

  /** GET /jobs/:id/attendance-code: the institution shows it from 30 minutes before the start until check-out. */
  async code(caller: AuthContext, jobId: string): Promise<AttendanceCodeDto> {
    const job = await this.jobs.findParticipants(jobId);
    if (!job || job.institutionId !== caller.userId) throw this.jobs.notFound();
    const shift = await this.shifts.findForJob(jobId);
    assertBooked(job, shift);
    const now = this.clock.now();
    const state = attendanceState(shift);
    if (state === 'checked_out' || state === 'no_show') {
      throw new DomainError('ATTENDANCE_NOT_OPEN', 'This shift is over: there is nothing left to check.', {
        shiftState: state,
      });
    }
    if (state !== 'checked_in') this.assertCheckInOpen(shift, now);
    const shown = attendanceCodeAt(this.bookings.openSecret(shift.attendance_secret), now);
    const link = `${this.frontendUrl}/jobs/${jobId}/attendance?code=${shown.code}`;
    return toAttendanceCode(shown.code, await QRCode.toDataURL(link), shown.expiresAt);
  }

  checkIn(caller: AuthContext, jobId: string, code: string, meta: RequestMeta): Promise<CheckInDto> {
    return this.attend(caller, jobId, code, 'checked_in', meta).then(toCheckIn);
  }

  checkOut(caller: AuthContext, jobId: string, code: string, meta: RequestMeta): Promise<CheckOutDto> {
    return this.attend(caller, jobId, code, 'checked_out', meta).then(toCheckOut);
  }

  /**
   * POST /jobs/:id/no-show: the institution reports, an hour after the start with nobody checked in, that
   * the professional did not come. The job is cancelled through the one cancel use case with the cause
   * `no_show` (full refund through the payments module, no compensation, counted against the professional)
   * and `shift.no_show` is published for the reliability module.
   */
  async reportNoShow(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<JobDto> {
    await this.transactions.run(async (em) => {
      const { shift } = await this.lockBooked(em, caller, jobId, 'institution');
      const now = this.clock.now();
      const from = noShowFrom(shift);
      if (now < from) {
        throw new DomainError(
          'ATTENDANCE_NOT_OPEN',
          `A no-show can be reported from an hour after the start, ${formatKampalaDateTime(from)}.`,
          { reportableFrom: from.toISOString() },
        );
      }
      assertAttendanceMove(attendanceState(shift), 'no_show');
      await this.cancellation.cancelIn(em, caller, jobId, NO_SHOW_REASON, { meta, cause: 'no_show' });
      await this.transitions.transition(em, shift, 'no_show', caller.userId, { at: now, meta });
    });
    return this.jobs.get(caller, jobId);
  }

  /**
   * Check-in or check-out with a code: the window (check-in only), the wrong-code limit, the code (a wrong
   * one is counted, and committed, before the 400), single use per action, then the move itself.
   */
  private async attend(
    caller: AuthContext,
    jobId: string,
    code: string,
    action: Attendance,
    meta: RequestMeta,
  ): Promise<Date> {
    const outcome = await this.transactions.run(async (em): Promise<Date | 'wrong'> => {
      const { shift } = await this.lockBooked(em, caller, jobId, 'professional');
      const now = this.clock.now();
      const state = attendanceState(shift);
      if (action === 'checked_in' && (state === 'booked' || state === 'confirmed')) {
        this.assertCheckInOpen(shift, now);
      }
      const blockedFor = codeAttemptsBlockedFor(shift, now);
      if (blockedFor > 0) throw tooManyWrongCodes(blockedFor);
      const step = matchAttendanceCode(this.bookings.openSecret(shift.attendance_secret), code, now);
      if (step === null) {
        const failures = afterCodeFailure(shift, now);
        await this.shifts.writeCodeFailures(em, jobId, failures.count, failures.since);
        return 'wrong';
      }
      const used = action === 'checked_in' ? shift.check_in_step : shift.check_out_step;
      if (used !== null && step <= used) {
        throw new DomainError(
          'ATTENDANCE_CODE_USED',
          'This code was already used for this action: ask the institution for the current one.',
        );
      }
      await this.transitions.transition(em, shift, action, caller.userId, { at: now, step, meta });
      return now;
    });
    if (outcome === 'wrong') {
      throw new DomainError(
        'WRONG_ATTENDANCE_CODE',
        'Wrong or expired code: ask the institution for the code it shows now.',
      );
    }
    return outcome;
  }

  private assertCheckInOpen(shift: ShiftRow, now: Date): void {
    const window = checkInWindow(shift, now);
    if (window === 'early') {
      const opensAt = checkInOpensAt(shift);
      throw new DomainError(
        'ATTENDANCE_NOT_OPEN',
        `Check-in opens ${CHECK_IN_OPENS_MINUTES} minutes before the start, ${formatKampalaDateTime(opensAt)}.`,
        { opensAt: opensAt.toISOString() },
      );
    }
    if (window === 'closed') {
      throw new DomainError('ATTENDANCE_NOT_OPEN', 'Check-in closed at the planned end of the shift.', {
        closedAt: shift.ends_at.toISOString(),
      });
    }
  }

  /** The job (locked) and its shift (locked after it) for one of its parties; others get a 404. */
  private async lockBooked(
    em: EntityManager,
    caller: AuthContext,
    jobId: string,
    party: Party,
  ): Promise<{ job: JobParticipants; shift: ShiftRow }> {
    const job = await this.jobs.lockParticipants(em, jobId);
    const partyId = party === 'institution' ? job?.institutionId : job?.professionalId;
    if (!job || partyId !== caller.userId) throw this.jobs.notFound();
    const shift = await this.shifts.lockForJob(em, jobId);
    assertBooked(job, shift);
    return { job, shift };
  }
}

/** The job must be paid and the shift its current professional's. */
function assertBooked(job: JobParticipants, shift: ShiftRow | null): asserts shift is ShiftRow {
  if (job.status !== 'paid' || !shift || shift.professional_id !== job.professionalId) {
    throw new DomainError('SHIFT_NOT_BOOKED', `This job is not a booked shift: it is ${job.status}.`, {
      jobStatus: job.status,
    });
  }
}

function tooManyWrongCodes(retryAfterSeconds: number): DomainError {
  return new DomainError(
    'RATE_LIMITED',
    `${MAX_CODE_FAILURES} wrong codes in ${CODE_FAILURE_WINDOW_MINUTES} minutes: try again in ` +
      `${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    { retryAfterSeconds },
  );
}
