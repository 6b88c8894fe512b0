import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../../config/configuration.js';

/**
 * Registers interval work with @nestjs/schedule. A tick never overlaps the previous one, errors are
 * logged (the next tick retries), and shutdown waits for a running tick. With SCHEDULER_ENABLED=false
 * nothing is registered: the work is then driven by another instance or by a test.
 */
@Injectable()
export class PeriodicTasks implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly enabled: boolean;

  constructor(
    private readonly registry: SchedulerRegistry,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('scheduler', { infer: true }).enabled;
  }

  every(name: string, intervalMs: number, work: () => Promise<unknown>): void {
    if (!this.enabled) return;
    const timer = setInterval(() => {
      if (this.running.has(name)) return;
      const run = work()
        .catch((error: unknown) => this.logger.error({ err: error, task: name }, 'Periodic task failed'))
        .finally(() => this.running.delete(name));
      this.running.set(name, run);
    }, intervalMs);
    timer.unref();
    this.registry.addInterval(name, timer);
  }

  /** Before the database pool closes, so a running tick can finish its transaction. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const name of this.registry.getIntervals()) this.registry.deleteInterval(name);
    await Promise.allSettled(this.running.values());
  }
}
