import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ShiftRecord } from './reliability-score.js';
import { reliabilityScoreSql } from './reliability.sql.js';

export type ReliabilityEventKind =
  'booked' | 'completed' | 'late_withdrawal' | 'no_show' | 'no_show_overturned';

interface ShiftRow {
  job_id: string;
  first_at: Date;
  booked: boolean;
  completed: boolean;
  late_withdrawal: boolean;
  no_show: boolean;
  no_show_overturned: boolean;
}

/** The only code that touches `reliability_events` and `accept_blocks`. */
@Injectable()
export class ReliabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records what happened once per (job, professional, kind); true when this call recorded it. */
  async record(
    em: EntityManager,
    event: { professionalId: string; jobId: string; kind: ReliabilityEventKind; at: Date },
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO reliability_events (professional_id, job_id, kind, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT reliability_events_once DO NOTHING RETURNING id`,
      [event.professionalId, event.jobId, event.kind, event.at],
    );
    return rows.length > 0;
  }

  /** The score as reliability.sql.ts computes it, numeric text with 4 decimals. */
  async scoreOf(em: EntityManager, professionalId: string): Promise<string> {
    const [row] = await em.query<{ score: string }[]>(`SELECT ${reliabilityScoreSql('$1::uuid')} AS score`, [
      professionalId,
    ]);
    return row.score;
  }

  /** Per job, what the professional's reliability events say. */
  async shiftsOf(professionalId: string, em?: EntityManager): Promise<ShiftRecord[]> {
    const rows = await (em ?? this.dataSource.manager).query<ShiftRow[]>(
      `SELECT job_id, min(at) AS first_at,
              bool_or(kind = 'booked') AS booked,
              bool_or(kind = 'completed') AS completed,
              bool_or(kind = 'late_withdrawal') AS late_withdrawal,
              bool_or(kind = 'no_show') AS no_show,
              bool_or(kind = 'no_show_overturned') AS no_show_overturned
         FROM reliability_events WHERE professional_id = $1 GROUP BY job_id`,
      [professionalId],
    );
    return rows.map((row) => ({
      jobId: row.job_id,
      firstAt: new Date(row.first_at),
      booked: row.booked,
      completed: row.completed,
      lateWithdrawal: row.late_withdrawal,
      noShow: row.no_show,
      noShowOverturned: row.no_show_overturned,
    }));
  }

  /** No-shows (not overturned) recorded after `since`. */
  async countNoShowsSince(em: EntityManager, professionalId: string, since: Date): Promise<number> {
    const [row] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reliability_events e
        WHERE e.professional_id = $1 AND e.kind = 'no_show' AND e.at > $2
          AND NOT EXISTS (SELECT 1 FROM reliability_events o
                           WHERE o.professional_id = e.professional_id AND o.job_id = e.job_id
                             AND o.kind = 'no_show_overturned')`,
      [professionalId, since],
    );
    return row.n;
  }

  /** When the professional's no-show on this job was recorded, unless it was overturned; null otherwise. */
  async noShowAt(em: EntityManager, jobId: string, professionalId: string): Promise<Date | null> {
    const [row] = await em.query<{ at: Date }[]>(
      `SELECT e.at FROM reliability_events e
        WHERE e.job_id = $1 AND e.professional_id = $2 AND e.kind = 'no_show'
          AND NOT EXISTS (SELECT 1 FROM reliability_events o
                           WHERE o.professional_id = e.professional_id AND o.job_id = e.job_id
                             AND o.kind = 'no_show_overturned')`,
      [jobId, professionalId],
    );
    return row ? new Date(row.at) : null;
  }

  /** The latest end of the professional's blocks in force at `now`; null when they may accept. */
  async blockedUntil(professionalId: string, now: Date, em?: EntityManager): Promise<Date | null> {
    const [row] = await (em ?? this.dataSource.manager).query<{ until: Date | null }[]>(
      `SELECT max(blocked_until) AS until FROM accept_blocks
        WHERE professional_id = $1 AND lifted_at IS NULL AND blocked_until > $2`,
      [professionalId, now],
    );
    return row.until ? new Date(row.until) : null;
  }

  async insertBlock(em: EntityManager, professionalId: string, until: Date, reason: string): Promise<void> {
    await em.query(`INSERT INTO accept_blocks (professional_id, blocked_until, reason) VALUES ($1, $2, $3)`, [
      professionalId,
      until,
      reason,
    ]);
  }

  /** Lifts every block in force; answers how many were. */
  async liftBlocks(em: EntityManager, professionalId: string, adminId: string, now: Date): Promise<number> {
    const [, count] = await em.query<[unknown[], number]>(
      `UPDATE accept_blocks SET lifted_at = $3, lifted_by = $2
        WHERE professional_id = $1 AND lifted_at IS NULL AND blocked_until > $3`,
      [professionalId, adminId, now],
    );
    return count;
  }

  /** Whether a professional profile exists for the user (read-only: the professionals module owns it). */
  async isProfessional(userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM professionals WHERE user_id = $1`, [
      userId,
    ]);
    return rows.length > 0;
  }
}
