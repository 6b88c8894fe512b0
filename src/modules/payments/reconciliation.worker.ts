import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicTasks } from '../../common/scheduling/periodic-tasks.js';
import type { AppConfig } from '../../config/configuration.js';
import { MAX_CHECK_DELAY_MS } from './payment-backoff.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { PaymentTransitions } from './payment.transitions.js';
import { PaymentsRepository, type ClaimedPayment } from './payments.repository.js';
import { RefundsService } from './refunds.service.js';
import { PesapalClient } from './pesapal/pesapal-client.js';

const BATCH_SIZE = 50;
/** How much longer than one PesaPal timeout initiate may take between its first and last step. */
const UNSUBMITTED_MARGIN_MS = 60_000;

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
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentsRepository,
    private readonly transitions: PaymentTransitions,
    private readonly client: PesapalClient,
    private readonly applier: PaymentStatusApplier,
    private readonly refunds: RefundsService,
    private readonly tasks: PeriodicTasks,
    config: ConfigService<AppConfig, true>,
  ) {
    this.tickMs = config.get('payments', { infer: true }).reconcileIntervalMs;
    this.unsubmittedAfterMs = config.get('pesapal', { infer: true }).timeoutMs + UNSUBMITTED_MARGIN_MS;
  }

  onApplicationBootstrap(): void {
    this.tasks.every('payments.reconcile', this.tickMs, () => this.reconcileDue());
  }

  async reconcileDue(): Promise<{
    checked: number;
    changed: number;
    expired: number;
    unsubmitted: number;
    refundsSent: number;
  }> {
    const totals = {
      checked: 0,
      changed: 0,
      expired: 0,
      unsubmitted: await this.failUnsubmitted(),
      refundsSent: await this.resendRefunds(),
    };
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
    let failed = 0;
    for (const id of await this.payments.findUnsubmitted(this.unsubmittedAfterMs, BATCH_SIZE)) {
      if (await this.applier.failUnsubmitted(id, 'initiate never recorded a PesaPal order')) failed++;
    }
    return failed;
  }

  /**
   * Refunds still `requesting` past their next attempt: the RefundRequest made after their commit failed
   * (PesaPal down) or never happened (the process died). Sent again with backoff. If the earlier request did
   * reach PesaPal, it may refuse this one as a duplicate: the refund then reads `refused` until PesaPal's
   * reversal arrives and makes it `refunded` (refused → refunded is allowed for this reason).
   */
  private async resendRefunds(): Promise<number> {
    let sent = 0;
    for (;;) {
      const ids = await this.payments.claimDueRefunds(BATCH_SIZE, this.tickMs, MAX_CHECK_DELAY_MS);
      for (const id of ids) {
        await this.refunds.submit(id).then(
          () => sent++,
          (error: unknown) =>
            this.logger.warn({ err: error, transactionId: id }, 'Could not resend a refund'),
        );
      }
      if (ids.length < BATCH_SIZE) return sent;
    }
  }

  private claim(): Promise<ClaimedPayment[]> {
    return this.payments.claimDueChecks(BATCH_SIZE, this.tickMs, MAX_CHECK_DELAY_MS);
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
    return this.transactions.run(async (em) => {
      const current = await this.payments.lockById(em, payment.id);
      if (current?.status !== 'pending') return 'changed';
      await this.transitions.transition(em, payment.id, 'expired', { userId: null });
      return 'expired';
    });
  }
}
