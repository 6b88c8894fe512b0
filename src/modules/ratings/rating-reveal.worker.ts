import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { RatingsRepository } from './ratings.repository.js';
import { RatingsService } from './ratings.service.js';

const BATCH_SIZE = 200;

/** Reveals ratings whose window closed with only one side rated. Claims rows with SKIP LOCKED. */
@Injectable()
export class RatingRevealWorker implements OnApplicationBootstrap {
  private readonly sweepMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: RatingsRepository,
    private readonly ratings: RatingsService,
    private readonly tasks: PeriodicTasks,
    config: ConfigService<AppConfig, true>,
  ) {
    this.sweepMs = config.get('scheduler', { infer: true }).jobSweepMs;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('ratings.reveal', this.sweepMs, () => this.revealDue());
  }

  async revealDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const revealed = await this.transactions.run(async (em) => {
        const due = await this.repository.claimDueForReveal(em, BATCH_SIZE);
        await this.ratings.reveal(em, due);
        return due.length;
      });
      total += revealed;
      if (revealed < BATCH_SIZE) return total;
    }
  }
}
