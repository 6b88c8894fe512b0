import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobStatus } from './job-status.js';

/** Who takes part in a job and where it stands: what other modules need to decide about it. */
export interface JobParticipants {
  id: string;
  title: string;
  status: JobStatus;
  institutionId: string;
  /** The assigned professional, null while nobody holds the job. */
  professionalId: string | null;
  completedAt: Date | null;
}

/** The only code that touches `jobs` and `job_assignees`. */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the job row (FOR UPDATE: jobs come first in the lock order) and reads its participants. */
  async lockParticipants(em: EntityManager, jobId: string): Promise<JobParticipants | null> {
    const [row] = await em.query<ParticipantsRow[]>(
      `SELECT j.id, j.title, j.status, j.institution_id, j.completed_at, a.professional_id
         FROM jobs j LEFT JOIN job_assignees a ON a.job_id = j.id
        WHERE j.id = $1
        FOR UPDATE OF j`,
      [jobId],
    );
    return row ? toParticipants(row) : null;
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
}

interface ParticipantsRow {
  id: string;
  title: string;
  status: JobStatus;
  institution_id: string;
  professional_id: string | null;
  completed_at: Date | null;
}

function toParticipants(row: ParticipantsRow): JobParticipants {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    institutionId: row.institution_id,
    professionalId: row.professional_id,
    completedAt: row.completed_at,
  };
}
