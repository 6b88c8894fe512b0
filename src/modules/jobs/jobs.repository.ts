import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toHourMinute } from '../professionals/availability.js';
import { jobAmount } from './job-amount.js';
import type { JobStatus } from './job-status.js';
import { JOB_BY_ID, JOB_VIEW_SELECT, type JobRow } from './job-view.js';
import { Job } from './job.entity.js';
import { JobAssignee } from './job-assignee.entity.js';

/** Who takes part in a job and where it stands: what other modules need to decide about it. */
export interface JobParticipants {
  id: string;
  title: string;
  status: JobStatus;
  institutionId: string;
  /** The assigned professional, null while nobody holds the job. */
  professionalId: string | null;
  completedAt: Date | null;
  /** What the institution pays, whole units of `currency`. */
  amount: number;
  currency: string;
  /** Qgig's commission frozen at acceptance (basis points); null before. */
  commissionBps: number | null;
  /** A dispute about the job is open. */
  disputed: boolean;
}

/** A job's plan beside its participants: what timesheets measure the hours worked against. */
export interface JobPlan extends JobParticipants {
  /** Kampala date, YYYY-MM-DD. */
  date: string;
  /** Planned start and end, HH:MM Kampala (24:00 for midnight). */
  startTime: string;
  endTime: string;
  startsAt: Date;
  endsAt: Date;
  rate: number;
  rateType: Job['rateType'];
}

/** Columns a status change may set beside `status` (when and why it happened). */
export interface JobStatusColumns {
  completedAt?: Date;
  expiredAt?: Date;
  cancelledAt?: Date;
  cancelledBy?: string | null;
  cancelReason?: string;
}

export type NewJob = Omit<
  Job,
  | 'id'
  | 'status'
  | 'cancelReason'
  | 'cancelledBy'
  | 'cancelledAt'
  | 'completedAt'
  | 'commissionBps'
  | 'disputed'
  | 'expiredAt'
  | 'createdAt'
  | 'updatedAt'
>;
export type JobDetails = Partial<Omit<NewJob, 'institutionId' | 'currency'>>;

/**
 * The only code that touches `jobs` and `job_assignees`. Views (job-view.ts, job-discovery.query.ts) join
 * the institution's and the assignee's public names read-only, in the same round trip; nothing here writes
 * or locks another module's table.
 */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(job: NewJob): Promise<string> {
    const manager = this.dataSource.manager;
    const saved = await manager.save(manager.create(Job, { ...job, status: 'open' }));
    return saved.id;
  }

  /** The job row, locked FOR UPDATE for the rest of the transaction (jobs come first in the lock order). */
  lockById(em: EntityManager, id: string): Promise<Job | null> {
    return em.findOne(Job, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateDetails(em: EntityManager, id: string, details: JobDetails): Promise<void> {
    await em.update(Job, id, details);
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.delete(Job, id);
  }

  /** Freezes the commission on the job (at acceptance): later changes of PLATFORM_FEE_PERCENT do not touch it. */
  async freezeCommission(em: EntityManager, id: string, commissionBps: number): Promise<void> {
    await em.update(Job, id, { commissionBps });
  }

  async setDisputed(em: EntityManager, id: string, disputed: boolean): Promise<void> {
    await em.update(Job, id, { disputed });
  }

  /** The one statement that changes `jobs.status`: called by JobTransitions only. */
  async writeStatus(
    em: EntityManager,
    id: string,
    to: JobStatus,
    columns: JobStatusColumns = {},
  ): Promise<void> {
    await em.update(Job, id, { status: to, ...columns });
  }

  /** A job as every view shows it, outside any transaction (a prepared statement: the hottest read). */
  async findView(id: string): Promise<JobRow | undefined> {
    const [row] = await JOB_BY_ID.run(this.dataSource, [id]);
    return row;
  }

  /**
   * One page of jobs, newest first: those an institution posted, those a professional holds, or (no
   * owner: admins) all of them, optionally of one institution.
   */
  listViews(
    owner: { institutionId: string } | { professionalId: string } | { anyInstitution: string | null },
    status: JobStatus | undefined,
    after: [string, string] | null,
    limit: number,
  ): Promise<JobRow[]> {
    const [ownership, userId] =
      'professionalId' in owner
        ? ['a.professional_id = $1', owner.professionalId]
        : 'institutionId' in owner
          ? ['j.institution_id = $1', owner.institutionId]
          : ['($1::uuid IS NULL OR j.institution_id = $1)', owner.anyInstitution];
    return this.dataSource.query<JobRow[]>(
      `${JOB_VIEW_SELECT}
        WHERE ${ownership} AND ($2::text IS NULL OR j.status = $2)
          AND ($3::timestamptz IS NULL OR (j.created_at, j.id) < ($3::timestamptz, $4::uuid))
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT $5`,
      [userId, status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  findAssignee(em: EntityManager, jobId: string): Promise<JobAssignee | null> {
    return em.findOneBy(JobAssignee, { jobId });
  }

  /** job_assignees_job_id_key makes a second assignee of one job fail here, whatever the code above did. */
  async insertAssignee(em: EntityManager, jobId: string, professionalId: string): Promise<string> {
    const assignee = await em.save(em.create(JobAssignee, { jobId, professionalId }));
    return assignee.id;
  }

  async deleteAssignee(em: EntityManager, assigneeId: string): Promise<void> {
    await em.delete(JobAssignee, { id: assigneeId });
  }

  /** An accepted or paid job of the professional's overlapping [startsAt, endsAt), if any. */
  async findOverlappingHeldJob(
    em: EntityManager,
    professionalId: string,
    startsAt: Date,
    endsAt: Date,
  ): Promise<string | null> {
    const [clash] = await em.query<{ id: string }[]>(
      `SELECT j.id FROM job_assignees a JOIN jobs j ON j.id = a.job_id
        WHERE a.professional_id = $1 AND j.status IN ('accepted', 'paid')
          AND j.starts_at < $3 AND j.ends_at > $2
        LIMIT 1`,
      [professionalId, startsAt, endsAt],
    );
    return clash?.id ?? null;
  }

  /** Locks the job row (FOR UPDATE: jobs come first in the lock order) and reads its participants. */
  async lockParticipants(em: EntityManager, jobId: string): Promise<JobParticipants | null> {
    const found = await this.withAssignee(em, jobId, 'lock');
    return found && toParticipants(found.job, found.professionalId);
  }

  /**
   * The job's plan, locked FOR UPDATE (jobs first in the lock order); with `skipLocked`, null when another
   * transaction holds the row (a sweep passes it by).
   */
  async lockPlan(em: EntityManager, jobId: string, skipLocked = false): Promise<JobPlan | null> {
    const found = await this.withAssignee(em, jobId, skipLocked ? 'lock-or-skip' : 'lock');
    return found && toPlan(found.job, found.professionalId);
  }

  /** The job's plan, unlocked. */
  async findPlan(jobId: string): Promise<JobPlan | null> {
    const found = await this.withAssignee(this.dataSource.manager, jobId, 'read');
    return found && toPlan(found.job, found.professionalId);
  }

  /** The job's participants, unlocked (to decide who may read something about the job). */
  async findParticipants(jobId: string): Promise<JobParticipants | null> {
    const found = await this.withAssignee(this.dataSource.manager, jobId, 'read');
    return found && toParticipants(found.job, found.professionalId);
  }

  /** The job row (read, locked, or skipped when another transaction holds it) and its professional's id. */
  private async withAssignee(
    em: EntityManager,
    jobId: string,
    mode: 'read' | 'lock' | 'lock-or-skip',
  ): Promise<{ job: Job; professionalId: string | null } | null> {
    const job = await em.findOne(Job, {
      where: { id: jobId },
      ...(mode !== 'read' && {
        lock: {
          mode: 'pessimistic_write',
          ...(mode === 'lock-or-skip' && { onLocked: 'skip_locked' as const }),
        },
      }),
    });
    if (!job) return null;
    const assignee = await this.findAssignee(em, jobId);
    return { job, professionalId: assignee?.professionalId ?? null };
  }

  /** An accepted or paid job the user takes part in, as its institution or its professional. */
  async findInProgressFor(
    em: EntityManager,
    userId: string,
  ): Promise<{ id: string; status: JobStatus } | null> {
    const [job] = await em.query<{ id: string; status: JobStatus }[]>(
      `SELECT j.id, j.status FROM jobs j LEFT JOIN job_assignees a ON a.job_id = j.id
        WHERE j.status IN ('accepted', 'paid') AND (j.institution_id = $1 OR a.professional_id = $1)
        LIMIT 1`,
      [userId],
    );
    return job ?? null;
  }

  /** How many jobs were posted in [from, to), by status (admin metrics): one scan with FILTER clauses. */
  async countByStatus(from: string | null, to: string | null): Promise<Record<string, number>> {
    const [counts] = await this.dataSource.query<Record<string, number>[]>(
      `SELECT count(*)::int AS posted,
              count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE status = 'paid')::int AS paid,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status = 'expired')::int AS expired
         FROM jobs
        WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`,
      [from, to],
    );
    return counts;
  }

  /** What candidate search needs of a job. */
  async findShift(
    jobId: string,
  ): Promise<{ institution_id: string; date: string; starts_at: Date; ends_at: Date } | undefined> {
    const [job] = await this.dataSource.query<
      { institution_id: string; date: string; starts_at: Date; ends_at: Date }[]
    >(
      `SELECT institution_id, to_char(date, 'YYYY-MM-DD') AS date, starts_at, ends_at FROM jobs WHERE id = $1`,
      [jobId],
    );
    return job;
  }

  /**
   * Marks (once) and returns open jobs starting within `hours`, unaccepted. SKIP LOCKED: another
   * instance's sweep, or a request holding one of these rows, never makes this one wait.
   */
  async claimOpenStartingWithin(
    em: EntityManager,
    hours: number,
    limit: number,
  ): Promise<{ id: string; institution_id: string; title: string; starts_at: Date }[]> {
    const [jobs]: [{ id: string; institution_id: string; title: string; starts_at: Date }[], number] =
      await em.query(
        `UPDATE jobs SET expiry_warned_at = now()
          WHERE id IN (SELECT id FROM jobs
                        WHERE status = 'open' AND expiry_warned_at IS NULL
                          AND starts_at > now() AND starts_at <= now() + make_interval(hours => $2)
                        ORDER BY starts_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, institution_id, title, starts_at`,
        [limit, hours],
      );
    return jobs;
  }

  /** Locks (SKIP LOCKED) and returns ids of open jobs whose start has passed. */
  async claimStartedOpen(em: EntityManager, limit: number): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM jobs WHERE status = 'open' AND starts_at <= now()
        ORDER BY starts_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Locks (SKIP LOCKED) and returns ids of paid jobs that ended at least `hours` ago with no timesheet (a
   * submitted timesheet is approved by its own sweep; `timesheets` is read here, never written).
   */
  async claimPaidEndedBefore(em: EntityManager, hours: number, limit: number): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM jobs WHERE status = 'paid' AND NOT disputed AND ends_at <= now() - make_interval(hours => $2)
          AND NOT EXISTS (SELECT 1 FROM timesheets ts WHERE ts.job_id = jobs.id)
        ORDER BY ends_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, hours],
    );
    return rows.map((row) => row.id);
  }
}

function toParticipants(job: Job, professionalId: string | null): JobParticipants {
  return {
    id: job.id,
    title: job.title,
    status: job.status,
    institutionId: job.institutionId,
    professionalId,
    completedAt: job.completedAt,
    amount: jobAmount(job),
    currency: job.currency,
    commissionBps: job.commissionBps,
    disputed: job.disputed,
  };
}

function toPlan(job: Job, professionalId: string | null): JobPlan {
  return {
    ...toParticipants(job, professionalId),
    date: job.date,
    startTime: toHourMinute(job.startTime),
    endTime: toHourMinute(job.endTime),
    startsAt: job.startsAt,
    endsAt: job.endsAt,
    rate: job.rate,
    rateType: job.rateType,
  };
}
