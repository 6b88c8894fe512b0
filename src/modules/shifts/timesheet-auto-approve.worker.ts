import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobAssignmentService } from '../jobs/job-assignment.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { TimesheetsRepository } from './timesheets.repository.js';

const BATCH_SIZE = 100;
const SYSTEM = { userId: null };

/**
 * Approves timesheets their institution left alone for TIMESHEET_AUTO_APPROVE_HOURS after the (latest)
 * submission, measured against the Clock (tests move it), every job sweep interval. Each approval is its
 * own transaction and completes the job as an institution's approval would (TimesheetSettlement). The job
 * is claimed first, then its timesheet, both FOR UPDATE SKIP LOCKED: another instance's sweep or a request
 * holding either is passed by (the next sweep gets it), and the lock order job → timesheet holds.
 */
@Injectable()
export class TimesheetAutoApproveWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(TimesheetAutoApproveWorker.name);
  private readonly sweepMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly timesheets: TimesheetsRepository,
    private readonly jobs: JobsService,
    private readonly assignment: JobAssignmentService,
    private readonly tasks: PeriodicTasks,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.sweepMs = config.get('scheduler', { infer: true }).jobSweepMs;
    this.waitMs = config.get('shifts', { infer: true }).timesheetAutoApproveHours * 3_600_000;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('timesheets.auto-approve', this.sweepMs, () => this.approveDue());
  }

  /** Approves every due timesheet; returns how many. One that fails is logged and left for the next sweep. */
  async approveDue(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.waitMs);
    let approved = 0;
    let after: { submittedAt: Date; jobId: string } | null = null;
    for (;;) {
      const due = await this.timesheets.findDueSubmitted(cutoff, after, BATCH_SIZE);
      for (const { job_id: jobId } of due) {
        try {
          if (await this.transactions.run((em) => this.approveOne(em, jobId, cutoff))) approved++;
        } catch (error) {
          this.logger.error({ err: error, jobId }, 'Timesheet auto-approval failed; next sweep retries');
        }
      }
      if (due.length < BATCH_SIZE) break;
      const last = due[due.length - 1];
      after = { submittedAt: last.submitted_at, jobId: last.job_id };
    }
    if (approved > 0) this.logger.log({ approved }, 'Timesheets auto-approved');
    return approved;
  }

  private async approveOne(em: EntityManager, jobId: string, cutoff: Date): Promise<boolean> {
    const job = await this.jobs.tryLockPlan(em, jobId);
    if (job?.status !== 'paid' || job.disputed) return false;
    if (!(await this.timesheets.claimDue(em, jobId, cutoff))) return false;
    await this.assignment.confirmCompletion(em, jobId, SYSTEM);
    return true;
  }
}
