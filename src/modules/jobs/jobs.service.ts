import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { RequestValidationError, type FieldError } from '../../common/validation/request-validation.error.js';
import { CatalogueService, UNKNOWN_DISTRICT } from '../catalogue/catalogue.service.js';
import { Institution } from '../institutions/institution.entity.js';
import { normaliseSkills } from '../professionals/skill-tags.js';
import { UsersService } from '../users/users.service.js';
import type { CreateJobDto, UpdateJobDto } from './dto/job-requests.dto.js';
import type { JobDto, JobPageDto } from './dto/job-responses.dto.js';
import { shiftProblems } from './job-schedule.js';
import type { JobStatus } from './job-status.js';
import { JOB_BY_ID, JOB_VIEW_SELECT, toJobDto, type JobRow } from './job-view.js';
import { Job } from './job.entity.js';
import { JobsRepository, type JobParticipants } from './jobs.repository.js';
import { kampalaInstant } from './kampala-time.js';
import { emailNotVerified } from '../users/email-not-verified.js';

/** Posting, editing and reading jobs. Acceptance and the rest of the lifecycle: JobAssignmentService. */
@Injectable()
export class JobsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
    private readonly repository: JobsRepository,
  ) {}

  /** For other modules, inside their transaction: locks the job (jobs come first in the lock order). */
  lockParticipants(em: EntityManager, jobId: string): Promise<JobParticipants | null> {
    return this.repository.lockParticipants(em, jobId);
  }

  /** An accepted or paid job the user takes part in (as institution or professional), if any. */
  findInProgressFor(em: EntityManager, userId: string): Promise<{ id: string; status: JobStatus } | null> {
    return this.repository.findInProgressFor(em, userId);
  }

  async create(caller: AuthContext, dto: CreateJobDto): Promise<JobDto> {
    const user = await this.users.getLive(caller.userId);
    if (!user.emailVerifiedAt) {
      throw emailNotVerified('posting jobs');
    }
    const institution = await this.dataSource.manager.findOneBy(Institution, { userId: caller.userId });
    if (!institution) {
      throw new DomainError(
        'PROFILE_REQUIRED',
        'Complete your institution profile (PUT /api/v1/institution/profile) before posting jobs.',
      );
    }
    const district = await this.validated(
      { date: dto.date, startTime: dto.startTime, endTime: dto.endTime },
      dto.district ?? institution.district,
    );
    const job = await this.dataSource.manager.save(
      this.dataSource.manager.create(Job, {
        institutionId: caller.userId,
        role: dto.role,
        title: dto.title,
        description: dto.description,
        requiredSkills: normaliseSkills(dto.requiredSkills ?? []),
        date: dto.date,
        startTime: dto.startTime,
        endTime: dto.endTime,
        startsAt: kampalaInstant(dto.date, dto.startTime),
        endsAt: kampalaInstant(dto.date, dto.endTime),
        rate: dto.rate,
        rateType: dto.rateType,
        district,
        address: dto.address ?? institution.address,
        status: 'open',
      }),
    );
    return this.get(caller, job.id);
  }

  /** Changes an open job of the caller's; the row is locked so an accept cannot slip in between. */
  async update(caller: AuthContext, id: string, dto: UpdateJobDto): Promise<JobDto> {
    await this.dataSource.transaction(async (em) => {
      const job = await this.lockOwned(em, caller, id);
      this.assertOpen(job, 'edited');
      const shift = {
        date: dto.date ?? job.date,
        startTime: dto.startTime ?? job.startTime.slice(0, 5),
        endTime: dto.endTime ?? job.endTime.slice(0, 5),
      };
      const district = await this.validated(shift, dto.district ?? job.district);
      await em.update(Job, id, {
        ...(dto.role !== undefined && { role: dto.role }),
        ...(dto.title !== undefined && { title: dto.title }),
        ...(dto.description !== undefined && { description: dto.description }),
        // null clears the skills, as leaving them out does when posting.
        ...(dto.requiredSkills !== undefined && {
          requiredSkills: normaliseSkills(dto.requiredSkills ?? []),
        }),
        ...(dto.rate !== undefined && { rate: dto.rate }),
        ...(dto.rateType !== undefined && { rateType: dto.rateType }),
        ...(dto.address !== undefined && { address: dto.address }),
        district,
        date: shift.date,
        startTime: shift.startTime,
        endTime: shift.endTime,
        startsAt: kampalaInstant(shift.date, shift.startTime),
        endsAt: kampalaInstant(shift.date, shift.endTime),
      });
    });
    return this.get(caller, id);
  }

  async delete(caller: AuthContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const job = await this.lockOwned(em, caller, id);
      this.assertOpen(job, 'deleted');
      await em.delete(Job, id);
    });
  }

  /** A job the caller may see (DESIGN.md: owner, assignee, any professional while open, admins), else 404. */
  async get(caller: AuthContext, id: string): Promise<JobDto> {
    const [row] = await JOB_BY_ID.run(this.dataSource, [id]);
    if (!row || !this.canSee(caller, row)) throw this.notFound();
    return toJobDto(row, caller);
  }

  async listForInstitution(
    caller: AuthContext,
    status: JobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    return this.list(caller, 'j.institution_id = $1', status, limit, cursor);
  }

  async listForProfessional(
    caller: AuthContext,
    status: JobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    return this.list(caller, 'a.professional_id = $1', status, limit, cursor);
  }

  findRow(em: EntityManager, id: string): Promise<JobRow | undefined> {
    return em.query<JobRow[]>(`${JOB_VIEW_SELECT} WHERE j.id = $1`, [id]).then((rows) => rows[0]);
  }

  notFound(): DomainError {
    return new DomainError('NOT_FOUND', 'No job with this id that you can see.');
  }

  private async list(
    caller: AuthContext,
    ownership: string,
    status: JobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.dataSource.query<JobRow[]>(
      `${JOB_VIEW_SELECT}
        WHERE ${ownership} AND ($2::text IS NULL OR j.status = $2)
          AND ($3::timestamptz IS NULL OR (j.created_at, j.id) < ($3::timestamptz, $4::uuid))
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT $5`,
      [caller.userId, status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => [row.created_at.toISOString(), row.id],
      (row) => toJobDto(row, caller),
    );
  }

  private canSee(caller: AuthContext, row: JobRow): boolean {
    switch (caller.role) {
      case 'admin':
        return true;
      case 'institution':
        return row.institution_id === caller.userId;
      case 'professional':
        return row.status === 'open' || row.assignee_id === caller.userId;
    }
  }

  private async lockOwned(em: EntityManager, caller: AuthContext, id: string): Promise<Job> {
    const job = await em.findOne(Job, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!job || job.institutionId !== caller.userId) throw this.notFound();
    return job;
  }

  private assertOpen(job: Job, done: string): void {
    if (job.status !== 'open') {
      throw new DomainError('JOB_NOT_OPEN', `Only open jobs can be ${done}; this one is ${job.status}.`, {
        jobStatus: job.status,
      });
    }
  }

  /** Shift and district rules the field validators cannot check; returns the canonical district. */
  private async validated(
    shift: { date: string; startTime: string; endTime: string },
    district: string,
  ): Promise<string> {
    const problems: FieldError[] = shiftProblems(shift);
    const canonical = await this.catalogue.resolveDistrict(district);
    if (!canonical) {
      problems.push(UNKNOWN_DISTRICT);
    }
    if (problems.length > 0) throw new RequestValidationError(problems);
    return canonical!;
  }
}
