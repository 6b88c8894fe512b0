import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { EarningsRepository } from './earnings.repository.js';
import { EarningsTransitions } from './earnings.transitions.js';

const BATCH_SIZE = 200;

/**
 * Releases held earnings whose EARNINGS_HOLD_HOURS are over (pending → available), every job sweep interval.
 * Frozen earnings (a dispute is open) are not `held`, so they wait. Claimed FOR UPDATE SKIP LOCKED: any
 * number of instances can sweep at once.
 */
@Injectable()
export class EarningsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(EarningsWorker.name);
  private readonly sweepMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly earnings: EarningsRepository,
    private readonly transitions: EarningsTransitions,
    private readonly tasks: PeriodicTasks,
    config: ConfigService<AppConfig, true>,
  ) {
    this.sweepMs = config.get('scheduler', { infer: true }).jobSweepMs;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('earnings.release', this.sweepMs, () => this.releaseDue());
  }

  /** Releases every due batch; returns how many jobs' earnings were released. */
  async releaseDue(): Promise<number> {
    let released = 0;
    for (;;) {
      const batch = await this.transactions.run(async (em) => {
        const jobIds = await this.earnings.claimDue(em, BATCH_SIZE);
        for (const jobId of jobIds)
          await this.transitions.transition(em, jobId, 'released', { userId: null });
        return jobIds.length;
      });
      released += batch;
      if (batch < BATCH_SIZE) break;
    }
    if (released > 0) this.logger.log({ released }, 'Earnings released');
    return released;
  }
}
