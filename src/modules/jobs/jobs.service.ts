import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { RequestValidationError, type FieldError } from '../../common/validation/request-validation.error.js';
import { CatalogueService, UNKNOWN_DISTRICT } from '../catalogue/catalogue.service.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { normaliseSkills } from '../professionals/skill-tags.js';
import { UsersService } from '../users/users.service.js';
import type { CreateJobDto, UpdateJobDto } from './dto/job-requests.dto.js';
import type { JobDto, JobPageDto } from './dto/job-responses.dto.js';
import { shiftProblems } from './job-schedule.js';
import type { JobStatus } from './job-status.js';
import { toJobDto, type JobRow } from './job-view.js';
import type { Job } from './job.entity.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobsRepository, type JobParticipants, type JobPlan } from './jobs.repository.js';
import { kampalaInstant } from './kampala-time.js';
import { emailNotVerified } from '../users/email-not-verified.js';

export type { JobParticipants } from './jobs.repository.js';
export type { JobPlan } from './jobs.repository.js';

/**
 * Posting, editing and reading jobs. Acceptance and completion: JobAssignmentService; cancelling:
 * JobCancellationService; every status change: JobTransitions.
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: JobsRepository,
    private readonly users: UsersService,
    private readonly institutions: InstitutionsService,
    private readonly catalogue: CatalogueService,
  ) {}

  /** For other modules, inside their transaction: locks the job (jobs come first in the lock order). */
  lockParticipants(em: EntityManager, jobId: string): Promise<JobParticipants | null> {
    return this.repository.lockParticipants(em, jobId);
  }

  /** The job's participants without locking it (reads); null when there is no such job. */
  findParticipants(jobId: string): Promise<JobParticipants | null> {
    return this.repository.findParticipants(jobId);
  }

  /** The job's plan (date, times, rate) with its participants, locked FOR UPDATE in the caller's transaction. */
  lockPlan(em: EntityManager, jobId: string): Promise<JobPlan | null> {
    return this.repository.lockPlan(em, jobId);
  }

  /** As lockPlan, but null at once when another transaction holds the job (sweeps: FOR UPDATE SKIP LOCKED). */
  tryLockPlan(em: EntityManager, jobId: string): Promise<JobPlan | null> {
    return this.repository.lockPlan(em, jobId, true);
  }

  /** The job's plan without locking it (reads); null when there is no such job. */
  findPlan(jobId: string): Promise<JobPlan | null> {
    return this.repository.findPlan(jobId);
  }

  /** Marks the (locked) job disputed, or not: a disputed job cannot be completed until an admin resolves it. */
  setDisputed(em: EntityManager, jobId: string, disputed: boolean): Promise<void> {
    return this.repository.setDisputed(em, jobId, disputed);
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
    const institution = await this.institutions.findLocation(caller.userId);
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
    const id = await this.repository.insert({
      institutionId: caller.userId,
      profession: dto.role,
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
      currency: 'UGX',
    });
    return this.get(caller, id);
  }

  /** Changes an open job of the caller's; the row is locked so an accept cannot slip in between. */
  async update(caller: AuthContext, id: string, dto: UpdateJobDto): Promise<JobDto> {
    await this.transactions.run(async (em) => {
      const job = await this.lockOwned(em, caller, id);
      this.assertOpen(job, 'edited');
      const shift = {
        date: dto.date ?? job.date,
        startTime: dto.startTime ?? job.startTime.slice(0, 5),
        endTime: dto.endTime ?? job.endTime.slice(0, 5),
      };
      const district = await this.validated(shift, dto.district ?? job.district);
      await this.repository.updateDetails(em, id, {
        ...(dto.role !== undefined && { profession: dto.role }),
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
    await this.transactions.run(async (em) => {
      const job = await this.lockOwned(em, caller, id);
      this.assertOpen(job, 'deleted');
      await this.repository.delete(em, id);
    });
  }

  /** A job the caller may see (DESIGN.md: owner, assignee, any professional while open, admins), else 404. */
  async get(caller: AuthContext, id: string): Promise<JobDto> {
    const row = await this.repository.findView(id);
    if (!row || !this.canSee(caller, row)) throw this.notFound();
    return toJobDto(row, caller);
  }

  async listForInstitution(
    caller: AuthContext,
    status: JobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    return this.list(caller, { institutionId: caller.userId }, status, limit, cursor);
  }

  async listForProfessional(
    caller: AuthContext,
    status: JobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    return this.list(caller, { professionalId: caller.userId }, status, limit, cursor);
  }

  notFound(): DomainError {
    return new DomainError('NOT_FOUND', 'No job with this id that you can see.');
  }

  /** Every job, optionally of one status and one institution (admins). */
  listAll(
    admin: AuthContext,
    filter: { status?: JobStatus; institutionId?: string },
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    return this.list(admin, { anyInstitution: filter.institutionId ?? null }, filter.status, limit, cursor);
  }

  /** Jobs posted in [from, to), by status (admin metrics). */
  countByStatus(from?: string, to?: string): Promise<Record<string, number>> {
    return this.repository.countByStatus(from ?? null, to ?? null);
  }

  private async list(
    caller: AuthContext,
    owner: { institutionId: string } | { professionalId: string } | { anyInstitution: string | null },
    status: JobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<JobPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.repository.listViews(owner, status, after as [string, string] | null, limit + 1);
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
    const job = await this.repository.lockById(em, id);
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
