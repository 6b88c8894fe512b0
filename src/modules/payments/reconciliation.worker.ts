import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { MAX_CHECK_DELAY_MS } from './payment-backoff.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { PesapalClient } from './pesapal/pesapal-client.js';

const BATCH_SIZE = 50;
/** How much longer than one PesaPal timeout initiate may take between its first and last step. */
const UNSUBMITTED_MARGIN_MS = 60_000;

interface ClaimedPayment {
  id: string;
  order_tracking_id: string;
  expires_at: Date;
}

/**
 * Every PAYMENT_RECONCILE_INTERVAL_SECONDS: asks PesaPal about pending payments that are due (IPNs get
 * lost), backing off per payment, and expires (and cancels at PesaPal) those older than
 * PAYMENT_EXPIRY_MINUTES. Claiming moves next_check_at forward in the same statement, under FOR UPDATE
 * SKIP LOCKED, so with N instances each due payment is asked about once per due tick.
 */
@Injectable()
export class ReconciliationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconciliationWorker.name);
  private readonly tickMs: number;
  private readonly unsubmittedAfterMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: PesapalClient,
    private readonly applier: PaymentStatusApplier,
    private readonly tasks: PeriodicTasks,
    config: ConfigService<AppConfig, true>,
  ) {
    this.tickMs = config.get('payments', { infer: true }).reconcileIntervalMs;
    this.unsubmittedAfterMs = config.get('pesapal', { infer: true }).timeoutMs + UNSUBMITTED_MARGIN_MS;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('payments.reconcile', this.tickMs, () => this.reconcileDue());
  }

  async reconcileDue(): Promise<{ checked: number; changed: number; expired: number; unsubmitted: number }> {
    const totals = { checked: 0, changed: 0, expired: 0, unsubmitted: await this.failUnsubmitted() };
    for (;;) {
      const claimed = await this.claim();
      for (const payment of claimed) {
        totals.checked++;
        try {
          const outcome = await this.check(payment);
          if (outcome === 'changed') totals.changed++;
          if (outcome === 'expired') totals.expired++;
        } catch (error) {
          this.logger.warn(
            { err: error, transactionId: payment.id },
            'Could not reconcile a payment; will retry',
          );
        }
      }
      if (claimed.length < BATCH_SIZE) return totals;
    }
  }

  /**
   * Pending rows without an order tracking id, older than a PesaPal timeout plus a margin: initiate died
   * between inserting the row and recording PesaPal's answer. Either the order never reached PesaPal, or it
   * did and we do not know its tracking id — GetTransactionStatus needs one, and PesaPal has no documented
   * lookup by merchant reference (docs/pesapal.md §1; resubmitting the reference returns the old order only as
   * seen, not promised, §9). The payer never got its redirect URL, so such an order cannot be paid: failing
   * the row is safe, and frees the job for a new order. The margin covers initiate's other calls (token,
   * IPN re-registration); an initiate slower than that finds its row failed and answers 502.
   */
  private async failUnsubmitted(): Promise<number> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM transactions
        WHERE status = 'pending' AND order_tracking_id IS NULL
          AND created_at < now() - make_interval(secs => $1::float8)
        ORDER BY created_at LIMIT $2`,
      [this.unsubmittedAfterMs / 1000, BATCH_SIZE],
    );
    let failed = 0;
    for (const { id } of rows) {
      if (await this.applier.failUnsubmitted(id, 'initiate never recorded a PesaPal order')) failed++;
    }
    return failed;
  }

  private async claim(): Promise<ClaimedPayment[]> {
    const [rows]: [ClaimedPayment[], number] = await this.dataSource.query(
      `UPDATE transactions
          SET attempts = attempts + 1,
              next_check_at = now() + make_interval(secs => least($2::float8 * power(2, attempts + 1), $3::float8))
        WHERE id IN (SELECT id FROM transactions
                      WHERE status = 'pending' AND order_tracking_id IS NOT NULL AND next_check_at <= now()
                      ORDER BY next_check_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, order_tracking_id, expires_at`,
      [BATCH_SIZE, this.tickMs / 1000, MAX_CHECK_DELAY_MS / 1000],
    );
    return rows;
  }

  private async check(payment: ClaimedPayment): Promise<'changed' | 'pending' | 'expired'> {
    const status = await this.client.getTransactionStatus(payment.order_tracking_id);
    const applied = await this.applier.apply(payment.id, status);
    if (applied.status !== 'pending') return 'changed';
    if (payment.expires_at > new Date()) return 'pending';
    return this.expire(payment);
  }

  /**
   * Cancels the order at PesaPal, then marks it expired. If PesaPal refuses to cancel, the payer may just
   * have paid: ask once more and apply that answer instead.
   */
  private async expire(payment: ClaimedPayment): Promise<'changed' | 'expired'> {
    const cancel = await this.client.cancelOrder(payment.order_tracking_id).catch((error: unknown) => {
      this.logger.warn({ err: error, transactionId: payment.id }, 'CancelOrder failed; expiring anyway');
      return { cancelled: false, message: '' };
    });
    if (!cancel.cancelled) {
      const latest = await this.applier.apply(
        payment.id,
        await this.client.getTransactionStatus(payment.order_tracking_id),
      );
      if (latest.status !== 'pending') return 'changed';
    }
    const [expired]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE transactions SET status = 'expired' WHERE id = $1 AND status = 'pending' RETURNING id`,
      [payment.id],
    );
    return expired.length > 0 ? 'expired' : 'changed';
  }
}
