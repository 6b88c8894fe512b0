import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DisputeOpenerRole, DisputeOutcome, DisputeStatus } from './dispute-status.js';

export interface DisputeRow {
  id: string;
  job_id: string;
  opened_by: string;
  opened_by_role: DisputeOpenerRole;
  reason: string;
  details: string | null;
  status: DisputeStatus;
  outcome: DisputeOutcome | null;
  professional_amount: number | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A dispute as the API shows it: with its job's title and currency (read from `jobs`, read only). */
export interface DisputeViewRow extends DisputeRow {
  job_title: string;
  currency: string;
  /** created_at to the microsecond, for the keyset cursor (a Date keeps milliseconds only). */
  created_key: string;
}

/** What a resolution writes beside the status. */
export interface DisputeResolutionColumns {
  outcome: DisputeOutcome;
  professionalAmount: number | null;
  note: string;
  resolvedBy: string;
}

const VIEW_SELECT = `
  SELECT d.*, j.title AS job_title, j.currency,
         to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
    FROM disputes d
    JOIN jobs j ON j.id = d.job_id`;

/** The only code that touches `disputes`. */
@Injectable()
export class DisputesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new open dispute; a second open one for the job hits disputes_one_open_per_job_key (409). */
  async insertOpen(
    em: EntityManager,
    row: {
      jobId: string;
      openedBy: string;
      openedByRole: DisputeOpenerRole;
      reason: string;
      details: string | null;
    },
  ): Promise<string> {
    const [inserted] = await em.query<{ id: string }[]>(
      `INSERT INTO disputes (job_id, opened_by, opened_by_role, reason, details)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [row.jobId, row.openedBy, row.openedByRole, row.reason, row.details],
    );
    return inserted.id;
  }

  /** The job's open dispute, if any (the job is locked by the caller, so none appears meanwhile). */
  async findOpenForJob(em: EntityManager, jobId: string): Promise<string | null> {
    const [row] = await em.query<{ id: string }[]>(
      `SELECT id FROM disputes WHERE job_id = $1 AND status = 'open'`,
      [jobId],
    );
    return row?.id ?? null;
  }

  /** Which job a dispute is about, unlocked: the resolution locks the job first, then the dispute. */
  async findJobId(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ job_id: string }[]>(
      `SELECT job_id FROM disputes WHERE id = $1`,
      [id],
    );
    return row?.job_id ?? null;
  }

  /** The dispute row, locked FOR UPDATE (after its job: job → dispute in the lock order). */
  async lockById(em: EntityManager, id: string): Promise<DisputeRow | null> {
    const [row] = await em.query<DisputeRow[]>(`SELECT * FROM disputes WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** The one statement that changes `disputes.status`: called by DisputeTransitions only. */
  async writeStatus(
    em: EntityManager,
    id: string,
    to: DisputeStatus,
    resolution: DisputeResolutionColumns,
  ): Promise<void> {
    await em.query(
      `UPDATE disputes SET status = $2, outcome = $3, professional_amount = $4, note = $5,
              resolved_by = $6, resolved_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, to, resolution.outcome, resolution.professionalAmount, resolution.note, resolution.resolvedBy],
    );
  }

  async findView(id: string, em?: EntityManager): Promise<DisputeViewRow | null> {
    const [row] = await (em ?? this.dataSource).query<DisputeViewRow[]>(`${VIEW_SELECT} WHERE d.id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  /** Every dispute about a job, oldest first (a job has few). */
  listForJob(jobId: string): Promise<DisputeViewRow[]> {
    return this.dataSource.query<DisputeViewRow[]>(
      `${VIEW_SELECT} WHERE d.job_id = $1 ORDER BY d.created_at, d.id`,
      [jobId],
    );
  }

  /** The admin queue: disputes of one status, oldest first (keyset on created_at, id). */
  listByStatus(
    status: DisputeStatus,
    after: readonly [string, string] | undefined,
    limit: number,
  ): Promise<DisputeViewRow[]> {
    return this.dataSource.query<DisputeViewRow[]>(
      `${VIEW_SELECT}
        WHERE d.status = $1
          AND ($2::timestamptz IS NULL OR (d.created_at, d.id) > ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at, d.id
        LIMIT $4`,
      [status, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
