import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { EarningsStatus } from './earnings-status.js';

export interface EarningsRow {
  job_id: string;
  professional_id: string;
  /** What the professional earned (the job's escrow less the fee). */
  amount: number;
  fee: number;
  status: EarningsStatus;
  release_at: Date;
}

/** The only code that touches `earnings`. */
@Injectable()
export class EarningsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    em: EntityManager,
    row: { jobId: string; professionalId: string; amount: number; fee: number; releaseAt: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO earnings (job_id, professional_id, amount, fee, release_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job_id) DO NOTHING`,
      [row.jobId, row.professionalId, row.amount, row.fee, row.releaseAt],
    );
  }

  /** The job's earnings, locked FOR UPDATE; null when the job earned nothing (yet). */
  async lockByJob(em: EntityManager, jobId: string): Promise<EarningsRow | null> {
    const [row] = await em.query<EarningsRow[]>(`SELECT * FROM earnings WHERE job_id = $1 FOR UPDATE`, [
      jobId,
    ]);
    return row ?? null;
  }

  /** The one statement that changes `earnings.status`: called by EarningsTransitions only. */
  async writeStatus(em: EntityManager, jobId: string, to: EarningsStatus): Promise<void> {
    await em.query(
      `UPDATE earnings SET status = $2, updated_at = now(),
              released_at = CASE WHEN $2 = 'released' THEN now() ELSE released_at END,
              voided_at = CASE WHEN $2 = 'voided' THEN now() ELSE voided_at END
        WHERE job_id = $1`,
      [jobId, to],
    );
  }

  /** New amounts after a dispute reduced the earnings (the status is unchanged). */
  async setAmounts(em: EntityManager, jobId: string, amount: number, fee: number): Promise<void> {
    await em.query(`UPDATE earnings SET amount = $2, fee = $3, updated_at = now() WHERE job_id = $1`, [
      jobId,
      amount,
      fee,
    ]);
  }

  /** Held earnings whose holding period is over, locked (SKIP LOCKED: another instance takes the others). */
  async claimDue(em: EntityManager, limit: number): Promise<string[]> {
    const rows = await em.query<{ job_id: string }[]>(
      `SELECT job_id FROM earnings WHERE status = 'held' AND release_at <= now()
        ORDER BY release_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => row.job_id);
  }

  /** When the professional's next held earnings are released, or null when none are held. */
  async nextReleaseAt(professionalId: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ at: Date | null }[]>(
      `SELECT min(release_at) AS at FROM earnings WHERE professional_id = $1 AND status = 'held'`,
      [professionalId],
    );
    return row.at;
  }
}
