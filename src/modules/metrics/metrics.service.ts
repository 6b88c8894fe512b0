import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DatabasePool, type PoolStats } from '../../database/database-pool.js';
import { RevocationList } from '../auth/sessions/revocation-list.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { MailService } from '../mail/mail.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { RequestDurationHistogram } from './request-duration-histogram.js';

/** The route label of requests no route matched: raw URLs would make one time series per probe. */
export const UNMATCHED_ROUTE = 'unmatched';
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A scrape waits at most this long for the backlog query, then answers without those gauges. */
const BACKLOG_QUERY_TIMEOUT_MS = 2_000;

interface LedgerRow {
  ledger_imbalance: number;
  ledger_balance_mismatches: number;
}

interface BacklogRow {
  outbox_pending: number;
  outbox_oldest_due_seconds: number;
  payments_pending: number;
  payments_oldest_pending_seconds: number;
  reconciliation_lag_seconds: number;
}

/**
 * Prometheus metrics of this app instance. Everything lives on a registry owned by the instance, never on
 * prom-client's global one, so two apps in one process (tests) each report their own.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  private readonly logger = new Logger(MetricsService.name);
  private readonly registry = new Registry();
  /** Gauges read from tables: left out of a scrape when the database does not answer, never reported stale. */
  private readonly backlogRegistry = new Registry();
  private readonly httpDuration: RequestDurationHistogram;
  private readonly backlog: Record<keyof BacklogRow, Gauge>;
  /** Read like the backlog but on their own, so a slow ledger scan never drops the backlog gauges. */
  private readonly ledgerRegistry = new Registry();
  private readonly ledgerGauges: Record<keyof LedgerRow, Gauge>;

  constructor(
    private readonly pool: DatabasePool,
    private readonly mail: MailService,
    private readonly payments: PaymentsService,
    private readonly ledger: LedgerService,
    private readonly adapterHost: HttpAdapterHost,
    revocations: RevocationList,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new RequestDurationHistogram(
      'http_request_duration_seconds',
      'Time to answer an HTTP request, by method, route template and status code',
      DURATION_BUCKETS,
    ).registerOn(this.registry);
    this.poolGauge(
      'qgig_db_pool_connections_in_use',
      'Database connections checked out of the pool',
      (pool) => Math.max(0, pool.totalCount - pool.idleCount),
    );
    this.poolGauge('qgig_db_pool_connections_idle', 'Open database connections waiting in the pool', (pool) =>
      Math.max(0, pool.idleCount),
    );
    this.poolGauge(
      'qgig_db_pool_waiting_requests',
      'Queries waiting for a free database connection',
      (pool) => pool.waitingCount,
    );
    new Gauge({
      name: 'qgig_revocation_listener_up',
      help: '1 while the session deny-list is loaded and its notifications flow; 0 while each request asks the database',
      registers: [this.registry],
      collect() {
        this.set(revocations.ready ? 1 : 0);
      },
    });
    const gauge = (name: string, help: string) =>
      new Gauge({ name, help, registers: [this.backlogRegistry] });
    this.backlog = {
      outbox_pending: gauge('qgig_mail_outbox_pending', 'Mails in the outbox not yet sent (due or retrying)'),
      outbox_oldest_due_seconds: gauge(
        'qgig_mail_outbox_oldest_due_age_seconds',
        'How long the longest-waiting due mail has been due (0 when none is due)',
      ),
      payments_pending: gauge('qgig_payments_pending', 'Payment transactions with status pending'),
      payments_oldest_pending_seconds: gauge(
        'qgig_payments_oldest_pending_age_seconds',
        'Age of the oldest pending payment transaction (0 when none)',
      ),
      reconciliation_lag_seconds: gauge(
        'qgig_payments_reconciliation_lag_seconds',
        'How overdue the most overdue status check of a pending payment is (0 when none is overdue)',
      ),
    };
    const ledgerGauge = (name: string, help: string) =>
      new Gauge({ name, help, registers: [this.ledgerRegistry] });
    this.ledgerGauges = {
      ledger_imbalance: ledgerGauge(
        'qgig_ledger_imbalance',
        'Sum of all ledger postings in UGX; anything but 0 means the books do not balance',
      ),
      ledger_balance_mismatches: ledgerGauge(
        'qgig_ledger_balance_mismatches',
        'Ledger accounts whose cached balance differs from the sum of their postings (must be 0)',
      ),
    };
  }

  /** Times every request, whichever module answers it (hooks added before the server starts cover all routes). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      this.httpDuration.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric; database gauges only when the database answered. */
  async render(): Promise<string> {
    const backlogFresh = await this.refresh('backlog', this.backlog, () => this.readBacklog());
    // When the backlog got no answer the database is away: no second wait for the ledger.
    const ledgerFresh =
      backlogFresh && (await this.refresh('ledger', this.ledgerGauges, () => this.readLedger()));
    const text = await this.registry.metrics();
    const parts = [text];
    if (backlogFresh) parts.push(await this.backlogRegistry.metrics());
    if (ledgerFresh) parts.push(await this.ledgerRegistry.metrics());
    return parts.join('\n');
  }

  /** Sets `gauges` from `read`; false (gauges left out of this scrape) when the database did not answer. */
  private async refresh<Row extends object>(
    what: string,
    gauges: Record<keyof Row, Gauge>,
    read: () => Promise<Row>,
  ): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${BACKLOG_QUERY_TIMEOUT_MS} ms`)),
          BACKLOG_QUERY_TIMEOUT_MS,
        );
      });
      const row = await Promise.race([read(), timeout]);
      for (const name of Object.keys(gauges) as (keyof Row)[]) gauges[name].set(Number(row[name]));
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, `Metrics: ${what} query failed; scraping without ${what} gauges`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The ledger's integrity (LedgerService.integrity): both must be 0. */
  private async readLedger(): Promise<LedgerRow> {
    const integrity = await this.ledger.integrity();
    return {
      ledger_imbalance: integrity.postingsTotal,
      ledger_balance_mismatches: integrity.mismatchedAccounts,
    };
  }

  /** The mail outbox's backlog, then the payments' (one connection at a time, as one query was before). */
  private async readBacklog(): Promise<BacklogRow> {
    const outbox = await this.mail.backlog();
    const payments = await this.payments.backlog();
    return {
      outbox_pending: outbox.pending,
      outbox_oldest_due_seconds: outbox.oldestDueSeconds,
      payments_pending: payments.pending,
      payments_oldest_pending_seconds: payments.oldestPendingSeconds,
      reconciliation_lag_seconds: payments.reconciliationLagSeconds,
    };
  }

  private poolGauge(name: string, help: string, read: (pool: PoolStats) => number): void {
    const databasePool = this.pool;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const pool = databasePool.stats();
        if (pool) this.set(read(pool));
      },
    });
  }
}
