import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { NotificationsService } from '../notifications/notifications.service.js';

const BATCH_SIZE = 200;
/** Institutions are warned this long before an open job starts unaccepted. */
export const EXPIRY_WARNING_HOURS = 2;

/**
 * Time-driven job work: institutions are warned two hours before an open job starts unaccepted; open
 * jobs whose start passed become `expired`; paid jobs complete on their own
 * JOB_AUTO_COMPLETE_HOURS after their end. Rows are claimed with FOR UPDATE SKIP LOCKED inside one
 * UPDATE, so any number of instances can sweep at once without touching the same job twice.
 */
@Injectable()
export class JobLifecycleWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobLifecycleWorker.name);
  private readonly sweepMs: number;
  private readonly autoCompleteHours: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly tasks: PeriodicTasks,
    config: ConfigService<AppConfig, true>,
  ) {
    const scheduler = config.get('scheduler', { infer: true });
    this.sweepMs = scheduler.jobSweepMs;
    this.autoCompleteHours = scheduler.jobAutoCompleteHours;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('jobs.sweep', this.sweepMs, () => this.sweep());
  }

  async sweep(): Promise<{ expired: number; completed: number }> {
    let expired = 0;
    let completed = 0;
    for (let batch; (batch = await this.expireDue()) > 0;) expired += batch;
    for (let batch; (batch = await this.autoCompleteDue()) > 0;) completed += batch;
    if (expired + completed > 0) this.logger.log({ expired, completed }, 'Job sweep');
    return { expired, completed };
  }

  /** Expires one batch of open jobs whose start has passed; returns how many this call claimed. */
  expireDue(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [jobs]: [{ id: string; institution_id: string; title: string }[], number] = await em.query(
        `UPDATE jobs SET status = 'expired', expired_at = now()
          WHERE id IN (SELECT id FROM jobs WHERE status = 'open' AND starts_at <= now()
                        ORDER BY starts_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, institution_id, title`,
        [BATCH_SIZE],
      );
      for (const job of jobs) {
        await this.notifications.notify(em, {
          userId: job.institution_id,
          type: 'job.expired',
          title: `“${job.title}” expired unaccepted`,
          body: 'Nobody accepted this job before its start. Post it again with a later date if you still need cover.',
          data: { jobId: job.id },
          dedupeKey: `job.expired:${job.id}`,
        });
      }
      return jobs.length;
    });
  }

  /** Completes one batch of paid jobs that ended JOB_AUTO_COMPLETE_HOURS ago. */
  async autoCompleteDue(): Promise<number> {
    const [jobs]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE jobs SET status = 'completed', completed_at = now()
        WHERE id IN (SELECT id FROM jobs WHERE status = 'paid' AND ends_at <= now() - make_interval(hours => $2)
                      ORDER BY ends_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [BATCH_SIZE, this.autoCompleteHours],
    );
    return jobs.length;
  }
}
