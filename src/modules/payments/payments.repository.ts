import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/errors/unique-constraints.js';
import { Payment } from './payment.entity.js';
import type { PaymentStatus, RefundStatus } from './payment-status.js';

export type NewPayment = Pick<
  Payment,
  | 'jobId'
  | 'payerId'
  | 'merchantReference'
  | 'amount'
  | 'creditApplied'
  | 'currency'
  | 'preferredMethod'
  | 'nextCheckAt'
  | 'expiresAt'
>;

/** Columns a payment's status change may set beside `status`. */
export type PaymentStatusColumns = Partial<
  Pick<Payment, 'completedAt' | 'paymentMethod' | 'confirmationCode' | 'paymentAccount'>
>;

/** Columns a refund's status change may set beside `refund_status`. */
export type RefundStatusColumns = Partial<
  Pick<
    Payment,
    | 'refundAmount'
    | 'refundRemarks'
    | 'refundRequestedBy'
    | 'refundRequestedAt'
    | 'refundedAt'
    | 'refundNextAttemptAt'
    | 'refundMessage'
  >
>;

export interface PaymentsBacklog {
  pending: number;
  oldestPendingSeconds: number;
  reconciliationLagSeconds: number;
}

export interface PaymentFilter {
  status?: PaymentStatus;
  jobId?: string;
  institutionId?: string;
  from?: string;
  to?: string;
}

export interface ClaimedPayment {
  id: string;
  order_tracking_id: string;
  expires_at: Date;
}

/**
 * The only code that touches `transactions` (payments and their refunds) and
 * `pesapal_ipn_registrations`. Lists join
 * `job_assignees` read-only to find the payments a professional may see.
 */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** transactions_one_pending_per_job_key refuses a second pending payment for a job (OnePendingPerJob). */
  async insertPending(em: EntityManager, payment: NewPayment): Promise<Payment> {
    try {
      return await em.save(em.create(Payment, { ...payment, status: 'pending', attempts: 0 }));
    } catch (error) {
      if (isUniqueViolation(error, 'transactions_one_pending_per_job_key')) throw new OnePendingPerJob();
      throw error;
    }
  }

  /** Credit the payer's pending payments have set aside (spent when they complete). */
  async creditHeldByPending(em: EntityManager, payerId: string): Promise<number> {
    const [row] = await em.query<{ held: number }[]>(
      `SELECT coalesce(sum(credit_applied), 0)::int AS held FROM transactions WHERE payer_id = $1 AND status = 'pending'`,
      [payerId],
    );
    return row.held;
  }

  findPendingForJob(jobId: string, em: EntityManager = this.dataSource.manager): Promise<Payment | null> {
    return em.findOneBy(Payment, { jobId, status: 'pending' });
  }

  /** The newest completed or reversed payment of a job: the money a cancellation may have to return. */
  findLatestSettledForJob(em: EntityManager, jobId: string): Promise<Payment | null> {
    return em
      .createQueryBuilder(Payment, 't')
      .where('t.job_id = :jobId AND t.status IN (:...settled)', { jobId, settled: ['completed', 'reversed'] })
      .orderBy('t.created_at', 'DESC')
      .getOne();
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Payment | null> {
    return em.findOneBy(Payment, { id });
  }

  findByOrderTrackingId(orderTrackingId: string): Promise<Payment | null> {
    return this.dataSource.manager.findOneBy(Payment, { orderTrackingId });
  }

  /** The row, locked FOR UPDATE (after its job, in the lock order). */
  lockById(em: EntityManager, id: string): Promise<Payment | null> {
    return em.findOne(Payment, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Step (c) of initiate: false when the row is no longer a pending payment (reconciliation failed it). */
  async recordOrder(id: string, orderTrackingId: string, redirectUrl: string): Promise<boolean> {
    const [recorded]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE transactions SET order_tracking_id = $2, redirect_url = $3
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, orderTrackingId, redirectUrl],
    );
    return recorded.length > 0;
  }

  /** PesaPal's latest answer, kept for support whatever it changes. */
  async recordAnswer(em: EntityManager, id: string, answer: Record<string, unknown>): Promise<void> {
    await em.query(`UPDATE transactions SET last_status = $2 WHERE id = $1`, [id, JSON.stringify(answer)]);
  }

  /** The one statement that changes a payment's `status`: called by PaymentTransitions only. */
  async writeStatus(
    em: EntityManager,
    id: string,
    to: PaymentStatus,
    columns: PaymentStatusColumns = {},
  ): Promise<void> {
    await em.update(Payment, id, { status: to, ...columns });
  }

  /** The one statement that changes `refund_status`: called by RefundTransitions only. */
  async writeRefundStatus(
    em: EntityManager,
    id: string,
    to: RefundStatus,
    columns: RefundStatusColumns = {},
  ): Promise<void> {
    await em.update(Payment, id, { refundStatus: to, ...columns });
  }

  /** Who may see a payment: its payer, and the professional holding its job. */
  async findParties(id: string): Promise<{ payerId: string; professionalId: string | null } | null> {
    const [row] = await this.dataSource.query<{ payer_id: string; professional_id: string | null }[]>(
      `SELECT t.payer_id, a.professional_id FROM transactions t
         LEFT JOIN job_assignees a ON a.job_id = t.job_id WHERE t.id = $1`,
      [id],
    );
    return row ? { payerId: row.payer_id, professionalId: row.professional_id } : null;
  }

  /** One page of the payments an institution made or a professional's jobs received, newest first. */
  listFor(
    party: { payerId: string } | { professionalId: string },
    status: PaymentStatus | undefined,
    after: [string, string] | null,
    limit: number,
  ): Promise<Payment[]> {
    const payer = 'payerId' in party;
    return this.dataSource
      .createQueryBuilder(Payment, 't')
      .where(
        payer
          ? 't.payer_id = :me'
          : 't.job_id IN (SELECT job_id FROM job_assignees WHERE professional_id = :me)',
        { me: payer ? party.payerId : party.professionalId },
      )
      .andWhere(status ? 't.status = :status' : 'TRUE', { status })
      .andWhere(after ? '(t.created_at, t.id) < (:at::timestamptz, :id::uuid)' : 'TRUE', {
        at: after?.[0],
        id: after?.[1],
      })
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(limit)
      .getMany();
  }

  /** One page of all payments, filtered (admins), newest first. */
  listAll(filter: PaymentFilter, after: [string, string] | null, limit: number): Promise<Payment[]> {
    const builder = this.dataSource
      .createQueryBuilder(Payment, 't')
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(limit);
    if (filter.status) builder.andWhere('t.status = :status', { status: filter.status });
    if (filter.jobId) builder.andWhere('t.job_id = :jobId', { jobId: filter.jobId });
    if (filter.institutionId)
      builder.andWhere('t.payer_id = :institutionId', { institutionId: filter.institutionId });
    if (filter.from) builder.andWhere('t.created_at >= :from', { from: filter.from });
    if (filter.to) builder.andWhere('t.created_at < :to', { to: filter.to });
    if (after)
      builder.andWhere('(t.created_at, t.id) < (:at::timestamptz, :id::uuid)', {
        at: after[0],
        id: after[1],
      });
    return builder.getMany();
  }

  /** Payments created in [from, to): how many, how much completed, pending and failed (admin metrics). */
  async totals(from: string | null, to: string | null): Promise<Record<string, number>> {
    const [totals] = await this.dataSource.query<Record<string, number>[]>(
      `SELECT count(*)::int AS count,
              coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::bigint AS "completedAmount",
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM transactions
        WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`,
      [from, to],
    );
    return totals;
  }

  /** Pending rows that never got an order tracking id, created more than `olderThanMs` ago. */
  async findUnsubmitted(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM transactions
        WHERE status = 'pending' AND order_tracking_id IS NULL
          AND created_at < now() - make_interval(secs => $1::float8)
        ORDER BY created_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Claims pending payments due for a status check and moves their next check forward (doubling from
   * `tickMs`, capped at `maxDelayMs`) in the same statement, under FOR UPDATE SKIP LOCKED: with N
   * instances each due payment is asked about once per due tick.
   */
  async claimDueChecks(limit: number, tickMs: number, maxDelayMs: number): Promise<ClaimedPayment[]> {
    const [rows]: [ClaimedPayment[], number] = await this.dataSource.query(
      `UPDATE transactions
          SET attempts = attempts + 1,
              next_check_at = now() + make_interval(secs => least($2::float8 * power(2, attempts + 1), $3::float8))
        WHERE id IN (SELECT id FROM transactions
                      WHERE status = 'pending' AND order_tracking_id IS NOT NULL AND next_check_at <= now()
                      ORDER BY next_check_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, order_tracking_id, expires_at`,
      [limit, tickMs / 1000, maxDelayMs / 1000],
    );
    return rows;
  }

  /** Claims `requesting` refunds due for (another) RefundRequest, backing off as claimDueChecks does. */
  async claimDueRefunds(limit: number, tickMs: number, maxDelayMs: number): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE transactions
          SET refund_attempts = refund_attempts + 1,
              refund_next_attempt_at = now() + make_interval(
                secs => least($2::float8 * power(2, refund_attempts + 1), $3::float8))
        WHERE id IN (SELECT id FROM transactions
                      WHERE refund_status = 'requesting' AND refund_next_attempt_at <= now()
                      ORDER BY refund_next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [limit, tickMs / 1000, maxDelayMs / 1000],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Pending payments, the age of the oldest, and how late reconciliation is, for /metrics. Each subquery is
   * answered from a partial index on status = 'pending' (transactions_pending_next_check_at_idx,
   * transactions_status_created_at_idx), so this stays cheap however many settled payments pile up. Ages
   * are 0 when nothing qualifies.
   */
  async backlog(): Promise<PaymentsBacklog> {
    const [row] = await this.dataSource.query<
      { pending: number; oldest_pending_seconds: number; reconciliation_lag_seconds: number }[]
    >(
      `SELECT
         (SELECT count(*) FROM transactions WHERE status = 'pending')::int AS pending,
         (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)
            FROM transactions WHERE status = 'pending')::float8 AS oldest_pending_seconds,
         (SELECT coalesce(extract(epoch FROM now() - min(next_check_at)), 0)
            FROM transactions
           WHERE status = 'pending' AND order_tracking_id IS NOT NULL AND next_check_at <= now())::float8
           AS reconciliation_lag_seconds`,
    );
    return {
      pending: row.pending,
      oldestPendingSeconds: row.oldest_pending_seconds,
      reconciliationLagSeconds: row.reconciliation_lag_seconds,
    };
  }

  async findIpnRegistration(apiBaseUrl: string, ipnUrl: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ ipn_id: string }[]>(
      `SELECT ipn_id FROM pesapal_ipn_registrations WHERE api_base_url = $1 AND ipn_url = $2`,
      [apiBaseUrl, ipnUrl],
    );
    return row?.ipn_id ?? null;
  }

  /** Keeps the first registration stored (another instance may have stored one meanwhile). */
  async insertIpnRegistration(
    apiBaseUrl: string,
    ipnUrl: string,
    ipnId: string,
    type: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO pesapal_ipn_registrations (api_base_url, ipn_url, ipn_id, notification_type)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [apiBaseUrl, ipnUrl, ipnId, type],
    );
  }

  async deleteIpnRegistration(apiBaseUrl: string, ipnUrl: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM pesapal_ipn_registrations WHERE api_base_url = $1 AND ipn_url = $2`,
      [apiBaseUrl, ipnUrl],
    );
  }
}

/** A second pending payment for one job: a double click, or an order still open at PesaPal. */
export class OnePendingPerJob extends Error {
  override name = 'OnePendingPerJob';
}
