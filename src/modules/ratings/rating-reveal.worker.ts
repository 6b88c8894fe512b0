import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { Rating } from './rating.entity.js';
import { RatingsService } from './ratings.service.js';

const BATCH_SIZE = 200;

/** Reveals ratings whose window closed with only one side rated. Claims rows with SKIP LOCKED. */
@Injectable()
export class RatingRevealWorker implements OnApplicationBootstrap {
  private readonly sweepMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      const revealed = await this.dataSource.transaction(async (em) => {
        const due = await em
          .createQueryBuilder(Rating, 'r')
          .where('r.visible_at IS NULL AND r.window_closes_at <= now()')
          .orderBy('r.window_closes_at')
          .limit(BATCH_SIZE)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        await this.ratings.reveal(em, due);
        return due.length;
      });
      total += revealed;
      if (revealed < BATCH_SIZE) return total;
    }
  }
}
