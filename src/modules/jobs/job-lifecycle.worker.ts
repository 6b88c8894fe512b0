import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { JobAssignmentService } from './job-assignment.service.js';
import { JobTransitions } from './job.transitions.js';
import { JobsRepository } from './jobs.repository.js';

const BATCH_SIZE = 200;
/** Institutions are warned this long before an open job starts unaccepted. */
export const EXPIRY_WARNING_HOURS = 2;
const SYSTEM = { userId: null };
const REOPENED_UNTAKEN = 'Nobody accepted it again before its start after the professional withdrew';

/**
 * Time-driven job work: institutions are warned two hours before an open job starts unaccepted; open
 * jobs whose start passed become `expired`; paid jobs with no timesheet complete on their own
 * JOB_AUTO_COMPLETE_HOURS after their end. Rows are claimed with FOR UPDATE SKIP LOCKED inside one
 * transaction, so any number of instances can sweep at once without touching the same job twice.
 */
@Injectable()
export class JobLifecycleWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobLifecycleWorker.name);
  private readonly sweepMs: number;
  private readonly autoCompleteHours: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: JobsRepository,
    private readonly transitions: JobTransitions,
    private readonly assignment: JobAssignmentService,
    private readonly notifications: NotificationsService,
    private readonly tasks: PeriodicTasks,
    private readonly ledger: LedgerService,
    config: ConfigService<AppConfig, true>,
  ) {
    const scheduler = config.get('scheduler', { infer: true });
    this.sweepMs = scheduler.jobSweepMs;
    this.autoCompleteHours = scheduler.jobAutoCompleteHours;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('jobs.sweep', this.sweepMs, () => this.sweep());
  }

  async sweep(): Promise<{ warned: number; expired: number; completed: number }> {
    const warned = await this.drain(() => this.warnStartingSoon());
    const expired = await this.drain(() => this.expireDue());
    const completed = await this.drain(() => this.autoCompleteDue());
    if (warned + expired + completed > 0) this.logger.log({ warned, expired, completed }, 'Job sweep');
    return { warned, expired, completed };
  }

  /** Tells institutions, once per job, that an open job starts within two hours and nobody took it. */
  warnStartingSoon(): Promise<number> {
    return this.transactions.run(async (em) => {
      const jobs = await this.repository.claimOpenStartingWithin(em, EXPIRY_WARNING_HOURS, BATCH_SIZE);
      for (const job of jobs) {
        const minutes = Math.max(1, Math.round((job.starts_at.getTime() - Date.now()) / 60_000));
        await this.notifications.notify(em, {
          userId: job.institution_id,
          type: 'job.expiring',
          title: `“${job.title}” starts in ${minutes} minutes, unaccepted`,
          body: 'Nobody has accepted this job yet. It expires at its start time if nobody does.',
          data: { jobId: job.id },
          dedupeKey: `job.expiring:${job.id}`,
        });
      }
      return jobs.length;
    });
  }

  /** Runs a batch step until it claims nothing more; returns the total. */
  private async drain(step: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let batch = await step(); batch > 0; batch = await step()) total += batch;
    return total;
  }

  /** Expires one batch of open jobs whose start has passed; returns how many this call claimed. */
  expireDue(): Promise<number> {
    return this.transactions.run(async (em) => {
      const ids = await this.repository.claimStartedOpen(em, BATCH_SIZE);
      for (const id of ids) {
        if ((await this.ledger.escrowOf(em, id)) > 0) {
          await this.cancelReopenedPaidJob(em, id);
          continue;
        }
        const job = await this.transitions.transition(em, id, 'expired', SYSTEM);
        await this.notifications.notify(em, {
          userId: job.institutionId,
          type: 'job.expired',
          title: `“${job.title}” expired unaccepted`,
          body: 'Nobody accepted this job before its start. Post it again with a later date if you still need cover.',
          data: { jobId: job.id },
          dedupeKey: `job.expired:${job.id}`,
        });
      }
      return ids.length;
    });
  }

  /**
   * A paid job its professional withdrew from, and nobody accepted again before its start: it is cancelled
   * rather than expired, so its payment (still in escrow) goes back in full (the payments module's
   * `job.cancelled` handler).
   */
  private async cancelReopenedPaidJob(em: EntityManager, id: string): Promise<void> {
    const job = await this.transitions.transition(em, id, 'cancelled', SYSTEM, { reason: REOPENED_UNTAKEN });
    await this.notifications.notify(em, {
      userId: job.institutionId,
      type: 'job.cancelled',
      title: `“${job.title}” was cancelled`,
      body: `${REOPENED_UNTAKEN}. Your payment is being refunded in full.`,
      data: { jobId: job.id },
      dedupeKey: `job.cancelled:${job.id}`,
    });
  }

  /**
   * Completes one batch of paid jobs that ended JOB_AUTO_COMPLETE_HOURS ago with no timesheet (the plan is
   * approved; a submitted timesheet waits for its own sweep, TIMESHEET_AUTO_APPROVE_HOURS after submission).
   * Completed as a confirmation is, so a timesheet submitted in a race with the claim is still settled.
   */
  autoCompleteDue(): Promise<number> {
    return this.transactions.run(async (em) => {
      const ids = await this.repository.claimPaidEndedBefore(em, this.autoCompleteHours, BATCH_SIZE);
      for (const id of ids) await this.assignment.confirmCompletion(em, id, SYSTEM);
      return ids.length;
    });
  }
}
