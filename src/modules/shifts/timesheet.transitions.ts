import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { assertTimesheetTransition, type TimesheetStatus } from './timesheet-status.js';
import { TimesheetsRepository, type TimesheetRow } from './timesheets.repository.js';

/** Who moves the timesheet: the institution, an admin (a dispute resolved), or the sweep (`userId: null`). */
export interface TimesheetActor {
  userId: string | null;
  meta?: RequestMeta;
}

export interface TimesheetTransitionDetails {
  /** When it was decided (the Clock's now). */
  at: Date;
  /** Why, for the audit row (e.g. "Dispute resolved"). */
  reason?: string;
  /** Kept in the audit row: minutes approved, what they pay, what went back. */
  auditDetails?: Record<string, unknown>;
}

/**
 * The only way a timesheet's status changes: lock the row (its job is locked first by the caller: job →
 * timesheet), check TIMESHEET_TRANSITIONS, write the state with who decided and when, and the audit row.
 * The money an approval moves is the settlement's (TimesheetSettlement), in the same transaction.
 */
@Injectable()
export class TimesheetTransitions {
  constructor(
    private readonly timesheets: TimesheetsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Returns the timesheet as it was before the move. */
  async transition(
    em: EntityManager,
    jobId: string,
    to: TimesheetStatus,
    actor: TimesheetActor,
    details: TimesheetTransitionDetails,
  ): Promise<TimesheetRow> {
    const timesheet = await this.timesheets.lockByJob(em, jobId);
    if (!timesheet) throw new DomainError('NOT_FOUND', 'No timesheet for this job.');
    assertTimesheetTransition(timesheet.status, to);
    await this.timesheets.writeStatus(em, jobId, to, {
      decidedAt: details.at,
      decidedBy: actor.userId,
      autoApproved: to === 'approved' && actor.userId === null,
    });
    await this.audit.record(
      {
        action: `timesheet.${to}`,
        actorId: actor.userId,
        target: { type: 'timesheet', id: jobId },
        meta: actor.meta,
        details: {
          from: timesheet.status,
          minutes: timesheet.minutes,
          ...(details.reason !== undefined && { reason: details.reason }),
          ...(actor.userId === null && { automatic: true }),
          ...details.auditDetails,
        },
      },
      em,
    );
    return timesheet;
  }
}
