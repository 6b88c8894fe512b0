import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { TimesheetStatus } from './timesheet-status.js';

export interface TimesheetRow {
  job_id: string;
  professional_id: string;
  status: TimesheetStatus;
  started_at: Date;
  ended_at: Date;
  break_minutes: number;
  /** Minutes worked as claimed, capped at the plan. */
  minutes: number;
  note: string | null;
  submitted_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  auto_approved: boolean;
}

export interface TimesheetClaim {
  jobId: string;
  professionalId: string;
  startedAt: Date;
  endedAt: Date;
  breakMinutes: number;
  minutes: number;
  note: string | null;
  submittedAt: Date;
}

/** What a decision writes beside the status. */
export interface TimesheetDecisionColumns {
  decidedAt: Date;
  decidedBy: string | null;
  autoApproved: boolean;
}

/**
 * The only code that touches `timesheets`. Reads `shifts` (check-in/out: attendance, another engineer's
 * part of this module) and `jobs` (the sweep's filter) read-only.
 */
@Injectable()
export class TimesheetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The job's timesheet, locked FOR UPDATE (after its job: job → timesheet). */
  async lockByJob(em: EntityManager, jobId: string): Promise<TimesheetRow | null> {
    const [row] = await em.query<TimesheetRow[]>(`SELECT * FROM timesheets WHERE job_id = $1 FOR UPDATE`, [
      jobId,
    ]);
    return row ?? null;
  }

  async findByJob(jobId: string): Promise<TimesheetRow | null> {
    const [row] = await this.dataSource.query<TimesheetRow[]>(`SELECT * FROM timesheets WHERE job_id = $1`, [
      jobId,
    ]);
    return row ?? null;
  }

  /**
   * A first submission inserts the timesheet (`submitted`, its first state); a resubmission replaces the
   * claim of one still `submitted` (the caller checked it, with the row locked) and restarts the wait.
   */
  async upsertSubmitted(em: EntityManager, claim: TimesheetClaim): Promise<void> {
    await em.query(
      `INSERT INTO timesheets (job_id, professional_id, status, started_at, ended_at, break_minutes, minutes,
                               note, submitted_at)
       VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8)
       ON CONFLICT (job_id) DO UPDATE
          SET professional_id = EXCLUDED.professional_id, started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,
              break_minutes = EXCLUDED.break_minutes, minutes = EXCLUDED.minutes, note = EXCLUDED.note,
              submitted_at = EXCLUDED.submitted_at, updated_at = now()`,
      [
        claim.jobId,
        claim.professionalId,
        claim.startedAt,
        claim.endedAt,
        claim.breakMinutes,
        claim.minutes,
        claim.note,
        claim.submittedAt,
      ],
    );
  }

  /** The one statement that changes `timesheets.status`: called by TimesheetTransitions only. */
  async writeStatus(
    em: EntityManager,
    jobId: string,
    to: TimesheetStatus,
    columns: TimesheetDecisionColumns,
  ): Promise<void> {
    await em.query(
      `UPDATE timesheets SET status = $2, decided_at = $3, decided_by = $4, auto_approved = $5, updated_at = now()
        WHERE job_id = $1`,
      [jobId, to, columns.decidedAt, columns.decidedBy, columns.autoApproved],
    );
  }

  /** Check-in and check-out of the job's shift, when attendance was recorded (`shifts`, read only). */
  async findAttendance(
    em: EntityManager,
    jobId: string,
  ): Promise<{ checkedInAt: Date | null; checkedOutAt: Date | null } | null> {
    const [row] = await em.query<{ checked_in_at: Date | null; checked_out_at: Date | null }[]>(
      `SELECT checked_in_at, checked_out_at FROM shifts WHERE job_id = $1`,
      [jobId],
    );
    return row ? { checkedInAt: row.checked_in_at, checkedOutAt: row.checked_out_at } : null;
  }

  /**
   * Up to `limit` job ids whose timesheet was submitted at or before `cutoff` and waits on a paid job with
   * no open dispute, oldest first, after the keyset `after` (the sweep's candidates; it locks each job and
   * timesheet with SKIP LOCKED before approving).
   */
  async findDueSubmitted(
    cutoff: Date,
    after: { submittedAt: Date; jobId: string } | null,
    limit: number,
  ): Promise<{ job_id: string; submitted_at: Date }[]> {
    return this.dataSource.query(
      `SELECT ts.job_id, ts.submitted_at FROM timesheets ts JOIN jobs j ON j.id = ts.job_id
        WHERE ts.status = 'submitted' AND ts.submitted_at <= $1 AND j.status = 'paid' AND NOT j.disputed
          AND ($2::timestamptz IS NULL OR (ts.submitted_at, ts.job_id) > ($2::timestamptz, $3::uuid))
        ORDER BY ts.submitted_at, ts.job_id
        LIMIT $4`,
      [cutoff, after?.submittedAt ?? null, after?.jobId ?? null, limit],
    );
  }

  /** The job's timesheet if it is still submitted at or before `cutoff`, locked FOR UPDATE SKIP LOCKED. */
  async claimDue(em: EntityManager, jobId: string, cutoff: Date): Promise<TimesheetRow | null> {
    const [row] = await em.query<TimesheetRow[]>(
      `SELECT * FROM timesheets WHERE job_id = $1 AND status = 'submitted' AND submitted_at <= $2
          FOR UPDATE SKIP LOCKED`,
      [jobId, cutoff],
    );
    return row ?? null;
  }

  /** The professional's rows for their data export (named columns), oldest first. */
  exportRowsOf(professionalId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query<Record<string, unknown>[]>(
      `SELECT job_id, status, started_at, ended_at, break_minutes, minutes, note, submitted_at, decided_at,
              auto_approved
         FROM timesheets WHERE professional_id = $1 ORDER BY submitted_at`,
      [professionalId],
    );
  }
}
