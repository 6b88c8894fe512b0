import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RefundsService } from '../payments/refunds.service.js';
import { approvedPay, hoursOf } from './timesheet-hours.js';
import { TimesheetTransitions } from './timesheet.transitions.js';
import { TimesheetsRepository } from './timesheets.repository.js';

const ugx = (amount: number, currency: string) => `${amount.toLocaleString('en-UG')} ${currency}`;

/**
 * What a job's completion does to its timesheet, in the completion's transaction (the job is locked first:
 * job → timesheet → payment → ledger accounts):
 * - `job.completing` (the institution approved the timesheet or confirmed the job, or the sweep approved
 *   it): a submitted timesheet is approved; for an hourly job the unworked part of what was paid (amount −
 *   approved hours × rate) goes back to the institution (a partial refund for a card, credit for mobile
 *   money), so `job.completed` then earns on the approved pay only. Daily and fixed rates pay the plan.
 * - `job.completed` (an admin resolved a dispute by completing the job): a timesheet still submitted or
 *   disputed is approved; the resolution's outcome already decided the money, so nothing more moves.
 */
@Injectable()
export class TimesheetSettlement implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly timesheets: TimesheetsRepository,
    private readonly transitions: TimesheetTransitions,
    private readonly jobs: JobsService,
    private readonly refunds: RefundsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.on('job.completing', (em, event) => this.approveWorked(em, event.jobId, event.actorId));
    this.events.on('job.completed', (em, event) => this.approveResolved(em, event.jobId, event.actorId));
  }

  private async approveWorked(em: EntityManager, jobId: string, actorId: string | null): Promise<void> {
    const timesheet = await this.timesheets.lockByJob(em, jobId);
    if (timesheet?.status !== 'submitted') return; // none: the plan is approved as it was paid
    const plan = (await this.jobs.lockPlan(em, jobId))!;
    const pay = approvedPay(plan, timesheet.minutes);
    const rest = plan.amount - pay;
    await this.transitions.transition(
      em,
      jobId,
      'approved',
      { userId: actorId },
      { at: this.clock.now(), auditDetails: { pay, returned: rest } },
    );
    if (rest > 0) {
      await this.refunds.returnPartOfJob(em, {
        jobId,
        amount: rest,
        actorId,
        remarks: 'Timesheet under plan',
        key: `timesheet.rest:${jobId}`,
      });
    }
    if (plan.professionalId) {
      await this.notifications.notify(em, {
        userId: plan.professionalId,
        type: 'timesheet.approved',
        title: `Your timesheet for “${plan.title}” was approved`,
        body:
          `${hoursOf(timesheet.minutes)} h approved${actorId === null ? ' automatically' : ''}: ` +
          `${ugx(pay, plan.currency)} before commission.`,
        data: { jobId },
        dedupeKey: `timesheet.approved:${jobId}`,
      });
    }
  }

  private async approveResolved(em: EntityManager, jobId: string, actorId: string | null): Promise<void> {
    const timesheet = await this.timesheets.lockByJob(em, jobId);
    if (!timesheet || timesheet.status === 'approved') return;
    await this.transitions.transition(
      em,
      jobId,
      'approved',
      { userId: actorId },
      { at: this.clock.now(), reason: 'Dispute resolved' },
    );
  }
}
