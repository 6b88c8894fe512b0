import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { AuditService } from '../audit/audit.service.js';
import { assertAttendanceMove, attendanceState, type AttendanceState } from './attendance-moves.js';
import { ShiftsRepository, type ShiftRow } from './shifts.repository.js';

export interface ShiftMoveDetails {
  /** The Clock's now: when the move happened. */
  at: Date;
  /** The attendance code's time step (check-in and check-out): the code is single-use per action. */
  step?: number;
  meta?: RequestMeta;
}

/**
 * The only way a shift's attendance changes: check ATTENDANCE_MOVES against the state its timestamps
 * give, write the move's timestamp (and the code step), the audit row, and — for a no-show — the
 * `shift.no_show` event the reliability module counts. The caller has locked the job, then the shift
 * (job → shift), and passes the locked row.
 */
@Injectable()
export class ShiftTransitions {
  constructor(
    private readonly shifts: ShiftsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async transition(
    em: EntityManager,
    shift: ShiftRow,
    to: Exclude<AttendanceState, 'booked'>,
    actorId: string,
    details: ShiftMoveDetails,
  ): Promise<void> {
    const from = attendanceState(shift);
    assertAttendanceMove(from, to);
    await this.shifts.writeAttendance(em, shift.job_id, to, details.at, details.step ?? null);
    await this.audit.record(
      {
        action: `shift.${to}`,
        actorId,
        target: { type: 'job', id: shift.job_id },
        meta: details.meta,
        details: {
          from,
          professionalId: shift.professional_id,
          at: details.at.toISOString(),
          ...(details.step !== undefined && { codeStep: details.step }),
        },
      },
      em,
    );
    if (to === 'no_show') {
      await this.events.publish(em, {
        type: 'shift.no_show',
        jobId: shift.job_id,
        professionalId: shift.professional_id,
        at: details.at,
      });
    }
  }
}
