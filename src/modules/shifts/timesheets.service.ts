import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { DisputesService } from '../disputes/disputes.service.js';
import { JobAssignmentService } from '../jobs/job-assignment.service.js';
import { JobsService, type JobPlan } from '../jobs/jobs.service.js';
import { kampalaInstant } from '../jobs/kampala-time.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { cappedMinutes, claimedMinutes, hoursOf, plannedMinutes } from './timesheet-hours.js';
import { assertTimesheetTransition } from './timesheet-status.js';
import { TimesheetTransitions } from './timesheet.transitions.js';
import type { DisputeTimesheetDto, SubmitTimesheetDto, TimesheetDto } from './timesheets.dto.js';
import { toTimesheetDto } from './timesheets.mapper.js';
import { TimesheetsRepository, type TimesheetRow } from './timesheets.repository.js';

/**
 * Timesheets: the hours the assigned professional claims for a paid job (once checked out, or once the
 * planned end has passed), which the institution approves (completing the job: TimesheetSettlement moves
 * the money) or disputes. Every step locks the job first (job → timesheet).
 */
@Injectable()
export class TimesheetsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly timesheets: TimesheetsRepository,
    private readonly transitions: TimesheetTransitions,
    private readonly jobs: JobsService,
    private readonly assignment: JobAssignmentService,
    private readonly disputes: DisputesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** PUT /jobs/:id/timesheet: the assigned professional submits, or resubmits while it is `submitted`. */
  async submit(
    caller: AuthContext,
    jobId: string,
    dto: SubmitTimesheetDto,
    meta: RequestMeta,
  ): Promise<TimesheetDto> {
    await this.transactions.run(async (em) => {
      const plan = await this.jobs.lockPlan(em, jobId);
      if (!plan || plan.professionalId !== caller.userId) throw notFound();
      if (plan.status !== 'paid') {
        throw new DomainError('JOB_NOT_PAID', `Timesheets are for paid jobs; this one is ${plan.status}.`, {
          jobStatus: plan.status,
        });
      }
      if (plan.disputed) {
        throw new DomainError(
          'JOB_DISPUTED',
          'A dispute about this job is open: an admin resolves it first.',
        );
      }
      const existing = await this.timesheets.lockByJob(em, jobId);
      if (existing && existing.status !== 'submitted') {
        throw new DomainError(
          'INVALID_TIMESHEET_TRANSITION',
          `This timesheet is ${existing.status}; only a submitted one can be changed.`,
          { timesheetStatus: existing.status, attempted: 'submitted' },
        );
      }
      const attendance = await this.timesheets.findAttendance(em, jobId);
      const now = this.clock.now();
      if (!attendance?.checkedOutAt && now < plan.endsAt) {
        throw new DomainError(
          'TIMESHEET_TOO_EARLY',
          'Submit the timesheet once you have checked out, or once the shift’s planned end has passed.',
          { endsAt: plan.endsAt.toISOString() },
        );
      }
      const claim = claimOf(plan, dto, attendance);
      await this.timesheets.upsertSubmitted(em, {
        jobId,
        professionalId: caller.userId,
        ...claim,
        note: dto.note ?? null,
        submittedAt: now,
      });
      await this.audit.record(
        {
          action: existing ? 'timesheet.resubmitted' : 'timesheet.submitted',
          actorId: caller.userId,
          target: { type: 'timesheet', id: jobId },
          meta,
          details: { minutes: claim.minutes, breakMinutes: claim.breakMinutes },
        },
        em,
      );
      await this.notifications.notify(em, {
        userId: plan.institutionId,
        type: 'timesheet.submitted',
        title: `Timesheet for “${plan.title}”: ${hoursOf(claim.minutes)} h`,
        body: 'Approve it, or dispute it if the hours are wrong. Left alone, it is approved automatically.',
        data: { jobId },
        dedupeKey: `timesheet.submitted:${jobId}:${now.toISOString()}`,
      });
    });
    return this.view(jobId);
  }

  /** GET /jobs/:id/timesheet: the job's parties and admins; others (and no timesheet) 404. */
  async get(caller: AuthContext, jobId: string): Promise<TimesheetDto> {
    const plan = await this.jobs.findPlan(jobId);
    if (!plan || !canSee(caller, plan)) throw notFound();
    return this.view(jobId, plan);
  }

  /**
   * POST /jobs/:id/timesheet/approve: the institution approves, which completes the job (one transaction,
   * the job locked first). Approving an approved timesheet answers it again: two approvals, one completion.
   */
  async approve(caller: AuthContext, jobId: string, meta: RequestMeta): Promise<TimesheetDto> {
    await this.transactions.run(async (em) => {
      const timesheet = await this.lockOwned(em, caller, jobId);
      if (timesheet.status === 'approved') return;
      assertTimesheetTransition(timesheet.status, 'approved');
      await this.assignment.confirmCompletion(em, jobId, { userId: caller.userId }, meta);
    });
    return this.view(jobId);
  }

  /** POST /jobs/:id/timesheet/dispute: the institution disputes the hours; a dispute opens for an admin. */
  async dispute(
    caller: AuthContext,
    jobId: string,
    dto: DisputeTimesheetDto,
    meta: RequestMeta,
  ): Promise<TimesheetDto> {
    await this.transactions.run(async (em) => {
      await this.lockOwned(em, caller, jobId);
      await this.transitions.transition(
        em,
        jobId,
        'disputed',
        { userId: caller.userId, meta },
        { at: this.clock.now(), reason: dto.reason },
      );
      await this.disputes.openIn(em, caller, jobId, { reason: dto.reason, details: dto.details }, meta);
    });
    return this.view(jobId);
  }

  /** The institution's job (locked) and its timesheet (locked after it); 404 when either is missing. */
  private async lockOwned(em: EntityManager, caller: AuthContext, jobId: string): Promise<TimesheetRow> {
    const plan = await this.jobs.lockPlan(em, jobId);
    if (!plan || plan.institutionId !== caller.userId) throw notFound();
    const timesheet = await this.timesheets.lockByJob(em, jobId);
    if (!timesheet) throw new DomainError('NOT_FOUND', 'No timesheet was submitted for this job yet.');
    return timesheet;
  }

  private async view(jobId: string, known?: JobPlan): Promise<TimesheetDto> {
    const plan = known ?? (await this.jobs.findPlan(jobId));
    const row = await this.timesheets.findByJob(jobId);
    if (!plan || !row) throw new DomainError('NOT_FOUND', 'No timesheet was submitted for this job yet.');
    return toTimesheetDto(row, plan);
  }
}

/**
 * The claim: start and end from the body, else the check-in/out, else the plan; the break from the body
 * (0 when left out). 400 when the end is not after the start or the break fills the whole time.
 */
function claimOf(
  plan: JobPlan,
  dto: SubmitTimesheetDto,
  attendance: { checkedInAt: Date | null; checkedOutAt: Date | null } | null,
): { startedAt: Date; endedAt: Date; breakMinutes: number; minutes: number } {
  const startedAt = dto.startTime
    ? kampalaInstant(plan.date, dto.startTime)
    : (attendance?.checkedInAt ?? plan.startsAt);
  const endedAt = dto.endTime
    ? kampalaInstant(plan.date, dto.endTime)
    : (attendance?.checkedOutAt ?? plan.endsAt);
  const breakMinutes = dto.breakMinutes ?? 0;
  if (endedAt <= startedAt) {
    throw new RequestValidationError([{ field: 'endTime', message: 'must be after startTime' }]);
  }
  const claimed = claimedMinutes(startedAt, endedAt, breakMinutes);
  if (claimed <= 0) {
    throw new RequestValidationError([
      { field: 'breakMinutes', message: 'must be shorter than the time between startTime and endTime' },
    ]);
  }
  return { startedAt, endedAt, breakMinutes, minutes: cappedMinutes(claimed, plannedMinutes(plan)) };
}

function canSee(caller: AuthContext, plan: JobPlan): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'institution') return plan.institutionId === caller.userId;
  return plan.professionalId === caller.userId;
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No job with this id that you can see.');
}
