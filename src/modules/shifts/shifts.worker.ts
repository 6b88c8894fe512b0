import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '../../common/clock/clock.js';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { shiftNotice } from './shift-notices.js';
import { ShiftsRepository, type ShiftNotice } from './shifts.repository.js';

const BATCH_SIZE = 200;
const NOTICES: readonly ShiftNotice[] = ['reminder_24h', 'confirm_reminder', 'at_risk', 'no_check_in'];

/**
 * Time-driven shift notices, each once per booking: the professional is reminded 24 hours before the start
 * and, while unconfirmed, CONFIRM_BEFORE_HOURS + 2 hours before; still unconfirmed at CONFIRM_BEFORE_HOURS,
 * the shift is flagged at risk and the institution warned; nobody checked in an hour after the start, the
 * institution is prompted (it may report a no-show — never automatic). Due rows are compared with the
 * Clock's now (a parameter, not PostgreSQL's now()) and claimed FOR UPDATE SKIP LOCKED.
 */
@Injectable()
export class ShiftsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(ShiftsWorker.name);
  private readonly sweepMs: number;
  private readonly confirmBeforeHours: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly shifts: ShiftsRepository,
    private readonly notifications: NotificationsService,
    private readonly tasks: PeriodicTasks,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.sweepMs = config.get('scheduler', { infer: true }).jobSweepMs;
    this.confirmBeforeHours = config.get('shifts', { infer: true }).confirmBeforeHours;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('shifts.sweep', this.sweepMs, () => this.sweep());
  }

  /** Sends every due notice; returns how many of each. */
  async sweep(): Promise<Record<ShiftNotice, number>> {
    const sent = {} as Record<ShiftNotice, number>;
    for (const notice of NOTICES) {
      sent[notice] = 0;
      for (let batch = await this.sendDue(notice); batch > 0; batch = await this.sendDue(notice)) {
        sent[notice] += batch;
        if (batch < BATCH_SIZE) break;
      }
    }
    if (Object.values(sent).some((count) => count > 0)) this.logger.log(sent, 'Shift sweep');
    return sent;
  }

  private sendDue(notice: ShiftNotice): Promise<number> {
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      const due = await this.shifts.claimDue(em, notice, now, BATCH_SIZE, this.confirmBeforeHours);
      for (const shift of due) {
        await this.notifications.notify(em, shiftNotice(notice, shift, this.confirmBeforeHours));
      }
      return due.length;
    });
  }
}
