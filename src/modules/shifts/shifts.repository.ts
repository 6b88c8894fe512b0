import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AttendanceState } from './attendance-moves.js';

/** A shift row with its job's planned instants (read from `jobs`, read only). */
export interface ShiftRow {
  job_id: string;
  professional_id: string;
  booked_at: Date;
  confirmed_at: Date | null;
  at_risk_at: Date | null;
  attendance_secret: string;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  check_in_step: number | null;
  check_out_step: number | null;
  code_failures: number;
  code_failures_since: Date | null;
  no_show_at: Date | null;
  starts_at: Date;
  ends_at: Date;
}

/** The time-driven notices the sweep sends, once per booking each. */
export type ShiftNotice = 'reminder_24h' | 'confirm_reminder' | 'at_risk' | 'no_check_in';

/** A shift the sweep claimed for a notice, with what the notice says. */
export interface DueShift {
  job_id: string;
  professional_id: string;
  booked_at: Date;
  institution_id: string;
  title: string;
  starts_at: Date;
}

/**
 * Per notice: the column that records it was sent, and when it is due ($1 = the Clock's now; $3 = hours
 * before the start, where the notice has one). A notice whose moment passed before the booking is not
 * sent (a shift booked 10 hours ahead gets no "tomorrow" reminder).
 */
const NOTICES: Record<
  ShiftNotice,
  { column: string; due: string; hours?: (confirmBefore: number) => number }
> = {
  reminder_24h: {
    column: 'reminded_24h_at',
    due: `s.checked_in_at IS NULL AND j.starts_at > $1
            AND j.starts_at - make_interval(hours => $3::int) <= $1
            AND s.booked_at < j.starts_at - make_interval(hours => $3::int)`,
    hours: () => 24,
  },
  confirm_reminder: {
    column: 'reminded_confirm_at',
    due: `s.confirmed_at IS NULL AND s.checked_in_at IS NULL AND j.starts_at > $1
            AND j.starts_at - make_interval(hours => $3::int) <= $1
            AND s.booked_at < j.starts_at - make_interval(hours => $3::int)`,
    hours: (confirmBefore) => confirmBefore + 2,
  },
  at_risk: {
    column: 'at_risk_at',
    due: `s.confirmed_at IS NULL AND s.checked_in_at IS NULL AND j.starts_at > $1
            AND j.starts_at - make_interval(hours => $3::int) <= $1
            AND s.booked_at < j.starts_at - make_interval(hours => $3::int)`,
    hours: (confirmBefore) => confirmBefore,
  },
  no_check_in: {
    column: 'no_show_prompted_at',
    due: `s.checked_in_at IS NULL AND s.no_show_at IS NULL AND j.starts_at + interval '60 minutes' <= $1`,
  },
};

/** The columns each attendance move writes ($2 = when, $3 = the code's step). */
const SHIFT_SELECT = `
  SELECT s.job_id, s.professional_id, s.booked_at, s.confirmed_at, s.at_risk_at, s.attendance_secret,
         s.checked_in_at, s.checked_out_at, s.check_in_step::float8 AS check_in_step,
         s.check_out_step::float8 AS check_out_step, s.code_failures, s.code_failures_since,
         s.no_show_at, j.starts_at, j.ends_at
    FROM shifts s JOIN jobs j ON j.id = s.job_id`;

const MOVE_SQL: Record<Exclude<AttendanceState, 'booked'>, string> = {
  confirmed: `UPDATE shifts SET confirmed_at = $2, updated_at = now() WHERE job_id = $1`,
  checked_in: `UPDATE shifts SET checked_in_at = $2, check_in_step = $3, code_failures = 0,
                      code_failures_since = NULL, updated_at = now()
                WHERE job_id = $1`,
  checked_out: `UPDATE shifts SET checked_out_at = $2, check_out_step = $3, code_failures = 0,
                       code_failures_since = NULL, updated_at = now()
                 WHERE job_id = $1`,
  no_show: `UPDATE shifts SET no_show_at = $2, updated_at = now() WHERE job_id = $1`,
};

/** The only code that touches `shifts`. */
@Injectable()
export class ShiftsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The job's shift for its (new) professional: created at the first booking; on a rebooking after a
   * withdrawal the row starts over (new professional, new secret, confirmation, reminders and attendance
   * cleared).
   */
  async upsertBooking(
    em: EntityManager,
    row: { jobId: string; professionalId: string; sealedSecret: string; bookedAt: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO shifts (job_id, professional_id, attendance_secret, booked_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (job_id) DO UPDATE
          SET professional_id = EXCLUDED.professional_id, attendance_secret = EXCLUDED.attendance_secret,
              booked_at = EXCLUDED.booked_at, confirmed_at = NULL, reminded_24h_at = NULL,
              reminded_confirm_at = NULL, at_risk_at = NULL, checked_in_at = NULL, checked_out_at = NULL,
              check_in_step = NULL, check_out_step = NULL, code_failures = 0, code_failures_since = NULL,
              no_show_prompted_at = NULL, no_show_at = NULL, updated_at = now()`,
      [row.jobId, row.professionalId, row.sealedSecret, row.bookedAt],
    );
  }

  /** The job's shift, locked FOR UPDATE (after its job: job → shift in the lock order). */
  async lockForJob(em: EntityManager, jobId: string): Promise<ShiftRow | null> {
    const [row] = await em.query<ShiftRow[]>(`${SHIFT_SELECT} WHERE s.job_id = $1 FOR UPDATE OF s`, [jobId]);
    return row ?? null;
  }

  /** The job's shift, unlocked (to show the attendance code). */
  async findForJob(jobId: string): Promise<ShiftRow | null> {
    const [row] = await this.dataSource.query<ShiftRow[]>(`${SHIFT_SELECT} WHERE s.job_id = $1`, [jobId]);
    return row ?? null;
  }

  /** Records an attendance move (ShiftTransitions only: it checked the move first). */
  async writeAttendance(
    em: EntityManager,
    jobId: string,
    to: Exclude<AttendanceState, 'booked'>,
    at: Date,
    step: number | null,
  ): Promise<void> {
    const params = to === 'checked_in' || to === 'checked_out' ? [jobId, at, step] : [jobId, at];
    await em.query(MOVE_SQL[to], params);
  }

  /** One more wrong code on the (locked) shift: the counter and the start of its window. */
  async writeCodeFailures(em: EntityManager, jobId: string, count: number, since: Date): Promise<void> {
    await em.query(
      `UPDATE shifts SET code_failures = $2, code_failures_since = $3, updated_at = now() WHERE job_id = $1`,
      [jobId, count, since],
    );
  }

  /**
   * Claims up to `limit` booked shifts (their job still paid) whose `notice` is due at `now` and marks it
   * sent, FOR UPDATE SKIP LOCKED so several instances never claim the same row.
   */
  async claimDue(
    em: EntityManager,
    notice: ShiftNotice,
    now: Date,
    limit: number,
    confirmBeforeHours: number,
  ): Promise<DueShift[]> {
    const { column, due, hours } = NOTICES[notice];
    const params: unknown[] = [now, limit, ...(hours ? [hours(confirmBeforeHours)] : [])];
    const [rows] = await em.query<[DueShift[], number]>(
      `WITH due AS (
         SELECT s.job_id FROM shifts s JOIN jobs j ON j.id = s.job_id
          WHERE j.status = 'paid' AND s.${column} IS NULL AND ${due}
          ORDER BY j.starts_at
          LIMIT $2
            FOR UPDATE OF s SKIP LOCKED)
       UPDATE shifts s SET ${column} = $1, updated_at = now()
         FROM due JOIN jobs j ON j.id = due.job_id
        WHERE s.job_id = due.job_id
       RETURNING s.job_id, s.professional_id, s.booked_at, j.institution_id, j.title, j.starts_at`,
      params,
    );
    return rows;
  }

  /** The professional's rows for their data export (named columns), oldest first. */
  exportRowsOf(professionalId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query<Record<string, unknown>[]>(
      `SELECT job_id, booked_at, confirmed_at, checked_in_at, checked_out_at, no_show_at
         FROM shifts WHERE professional_id = $1 ORDER BY booked_at`,
      [professionalId],
    );
  }
}
