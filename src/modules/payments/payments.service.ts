import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { JobsService, type JobParticipants } from '../jobs/jobs.service.js';
import { accounts, LedgerService } from '../ledger/ledger.service.js';
import { UsersService } from '../users/users.service.js';
import type { InitiatePaymentDto, TransactionDto, TransactionPageDto } from './dto/payments.dto.js';
import { nextCheckDelayMs } from './payment-backoff.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { IpnRegistry } from './pesapal/ipn-registry.js';
import { PesapalClient, type SubmittedOrder } from './pesapal/pesapal-client.js';
import { PesapalApiError, PesapalUnavailableError } from './pesapal/pesapal.errors.js';
import type { Payment } from './payment.entity.js';
import { toTransactionDto } from './payment.mapper.js';
import type { PaymentStatus } from './payment-status.js';
import { PaymentTransitions } from './payment.transitions.js';
import {
  OnePendingPerJob,
  PaymentsRepository,
  type PaymentFilter,
  type PaymentsBacklog,
} from './payments.repository.js';

export type { PaymentFilter, PaymentsBacklog } from './payments.repository.js';
import { emailNotVerified } from '../users/email-not-verified.js';

/** Starting payments and reading them. State changes after that: PaymentStatusApplier. */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);
  private readonly callbackUrl: string;
  private readonly expiryMs: number;
  private readonly tickMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentsRepository,
    private readonly jobs: JobsService,
    private readonly ledger: LedgerService,
    private readonly transitions: PaymentTransitions,
    private readonly client: PesapalClient,
    private readonly ipns: IpnRegistry,
    private readonly applier: PaymentStatusApplier,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.callbackUrl = config.get('pesapal', { infer: true }).callbackUrl;
    const settings = config.get('payments', { infer: true });
    this.expiryMs = settings.expiryMinutes * 60_000;
    this.tickMs = settings.reconcileIntervalMs;
  }

  /**
   * Submits an order to PesaPal for an accepted job of the caller's, in three steps so that no transaction
   * and no pooled connection is held while PesaPal answers (up to PESAPAL_TIMEOUT_SECONDS a call):
   * (a) lock the job, check it is payable and insert the pending row, then commit — the job lock and the
   * one-pending-per-job index turn a double click into PAYMENT_PENDING; (b) SubmitOrderRequest; (c) record
   * the order's tracking id and redirect URL. If (b) fails the row is failed and the job payable again; if
   * the process dies before (c), reconciliation fails the row (ReconciliationWorker.failUnsubmitted).
   */
  async initiate(caller: AuthContext, dto: InitiatePaymentDto, meta: RequestMeta) {
    const payer = await this.users.getLive(caller.userId);
    if (!payer.emailVerifiedAt) {
      throw emailNotVerified('paying');
    }
    const phone = dto.phone ? normalizeUgandanMobile(dto.phone) : undefined;
    // Registering our IPN URL (first payment only) is a PesaPal call too: done before any row exists.
    await this.ipns.ipnId().catch((error: unknown) => {
      throw this.providerProblem(error);
    });
    const { tx, job } = await this.reserve(caller, dto, meta);
    if (tx.status === 'completed') {
      // Credit paid for all of it: booked already, no PesaPal order.
      return { transactionId: tx.id, orderTrackingId: null, redirectUrl: null, status: tx.status };
    }

    const [firstName, ...rest] = payer.name.split(/\s+/);
    let order: SubmittedOrder;
    try {
      order = await this.submit({
        merchantReference: tx.merchantReference,
        currency: tx.currency,
        amount: tx.amount,
        description: `Qgig: ${job.title}`.slice(0, 100),
        callbackUrl: this.callbackUrl,
        cancellationUrl: this.callbackUrl,
        billing: {
          email: payer.email,
          phone: phone?.ok ? `0${phone.e164.slice(4)}` : payer.phone ? `0${payer.phone.slice(4)}` : null,
          firstName,
          lastName: rest.join(' ') || firstName,
        },
      });
    } catch (error) {
      // If this write fails too, reconciliation fails the row once it is old enough.
      await this.applier
        .failUnsubmitted(tx.id, error instanceof Error ? error.message : String(error))
        .catch((failure: unknown) =>
          this.logger.error({ err: failure, transactionId: tx.id }, 'Could not fail an unsubmitted payment'),
        );
      throw this.providerProblem(error);
    }

    // One statement, so its own short transaction. It finds no pending row only if reconciliation failed
    // this one meanwhile (PesaPal slower than its cutoff): the payer never sees that order, so it cannot be paid.
    if (!(await this.payments.recordOrder(tx.id, order.orderTrackingId, order.redirectUrl))) {
      throw this.providerProblem(
        new PesapalUnavailableError('SubmitOrderRequest', 'answered after reconciliation gave the order up'),
      );
    }
    return {
      transactionId: tx.id,
      orderTrackingId: order.orderTrackingId,
      redirectUrl: order.redirectUrl,
      status: 'pending' as PaymentStatus,
    };
  }

  async list(
    caller: AuthContext,
    status: PaymentStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<TransactionPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const party =
      caller.role === 'institution' ? { payerId: caller.userId } : { professionalId: caller.userId };
    const rows = await this.payments.listFor(party, status, after as [string, string] | null, limit + 1);
    return toPage(rows, limit, (t) => [t.createdAt.toISOString(), t.id], toTransactionDto);
  }

  /** Every payment, filtered (admins). */
  async listAll(filter: PaymentFilter, limit: number, cursor?: string): Promise<TransactionPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.payments.listAll(filter, after as [string, string] | null, limit + 1);
    return toPage(rows, limit, (t) => [t.createdAt.toISOString(), t.id], toTransactionDto);
  }

  /** What /metrics reports about pending payments and reconciliation. */
  backlog(): Promise<PaymentsBacklog> {
    return this.payments.backlog();
  }

  /** Payments created in [from, to) (admin metrics). */
  async totals(
    from?: string,
    to?: string,
  ): Promise<{ count: number; completedAmount: number; pending: number; failed: number }> {
    const totals = await this.payments.totals(from ?? null, to ?? null);
    return {
      count: totals.count,
      completedAmount: Number(totals.completedAmount),
      pending: totals.pending,
      failed: totals.failed,
    };
  }

  /** The payer, the job's assigned professional, or an admin; others get 404. */
  async get(caller: AuthContext, id: string): Promise<TransactionDto> {
    const parties = await this.payments.findParties(id);
    const allowed =
      parties &&
      (caller.role === 'admin' ||
        parties.payerId === caller.userId ||
        parties.professionalId === caller.userId);
    if (!allowed) throw new DomainError('NOT_FOUND', 'No payment with this id that you can see.');
    return toTransactionDto((await this.payments.findById(id))!);
  }

  /** Step (a) of initiate: the pending row, committed before PesaPal is called. */
  private async reserve(
    caller: AuthContext,
    dto: InitiatePaymentDto,
    meta: RequestMeta,
  ): Promise<{ tx: Payment; job: JobParticipants }> {
    try {
      return await this.transactions.run(async (em) => {
        const job = await this.jobs.lockParticipants(em, dto.jobId);
        if (!job || job.institutionId !== caller.userId) {
          throw new DomainError('NOT_FOUND', 'No job with this id that you can see.');
        }
        await this.assertPayable(em, job);
        const credit = await this.usableCredit(em, caller.userId, job.amount);
        let tx = await this.payments.insertPending(em, {
          jobId: job.id,
          payerId: caller.userId,
          merchantReference: `QG-${randomUUID().replaceAll('-', '')}`,
          amount: job.amount - credit,
          creditApplied: credit,
          currency: job.currency,
          preferredMethod: dto.method ?? null,
          nextCheckAt: new Date(Date.now() + nextCheckDelayMs(0, this.tickMs)),
          expiresAt: new Date(Date.now() + this.expiryMs),
        });
        await this.audit.record(
          {
            action: 'payment.initiated',
            actorId: caller.userId,
            target: { type: 'transaction', id: tx.id },
            meta,
            details: { jobId: job.id, amount: tx.amount, creditApplied: credit },
          },
          em,
        );
        if (tx.amount === 0) {
          await this.transitions.transition(
            em,
            tx.id,
            'completed',
            { userId: caller.userId },
            {
              columns: { paymentMethod: 'credit' },
              auditDetails: { coveredByCredit: true },
            },
          );
          tx = (await this.payments.findById(tx.id, em))!;
        }
        return { tx, job };
      });
    } catch (error) {
      const pending =
        error instanceof OnePendingPerJob ? await this.payments.findPendingForJob(dto.jobId) : null;
      throw pending ? paymentPending(pending) : error;
    }
  }

  /**
   * How much of the institution's credit this payment spends: all it can, up to the job's amount, less what
   * its other pending payments have set aside. The credit account stays locked to the end of the transaction,
   * so two payments being started at once cannot both spend the same credit.
   */
  private async usableCredit(em: EntityManager, payerId: string, amount: number): Promise<number> {
    const balance = await this.ledger.lockBalance(em, accounts.credit(payerId));
    if (balance === 0) return 0;
    const held = await this.payments.creditHeldByPending(em, payerId);
    return Math.max(0, Math.min(amount, balance - held));
  }

  private async assertPayable(em: EntityManager, job: JobParticipants): Promise<void> {
    const pending = await this.payments.findPendingForJob(job.id, em);
    if (pending) throw paymentPending(pending);
    if (job.status === 'paid' || job.status === 'completed') {
      throw new DomainError('ALREADY_PAID', 'This job is already paid.');
    }
    if (job.status !== 'accepted') {
      throw new DomainError(
        'INVALID_JOB_TRANSITION',
        `Only accepted jobs can be paid; this one is ${job.status}.`,
        { jobStatus: job.status, attempted: 'paid' },
      );
    }
  }

  /** PesaPal's failures become 502 PAYMENT_PROVIDER_UNAVAILABLE; anything else is passed on. */
  private providerProblem(error: unknown): unknown {
    if (!(error instanceof PesapalUnavailableError || error instanceof PesapalApiError)) return error;
    this.logger.error({ err: error }, 'PesaPal refused or failed an order');
    return new DomainError(
      'PAYMENT_PROVIDER_UNAVAILABLE',
      'PesaPal could not take the payment right now. Nothing was charged; try again in a few minutes.',
    );
  }

  /** One retry with a fresh IPN registration if PesaPal no longer knows our ipn_id. */
  private async submit(
    order: Omit<Parameters<PesapalClient['submitOrder']>[0], 'notificationId'>,
  ): Promise<SubmittedOrder> {
    try {
      return await this.client.submitOrder({ ...order, notificationId: await this.ipns.ipnId() });
    } catch (error) {
      if (!(error instanceof PesapalApiError && error.isUnknownIpn)) throw error;
      this.logger.warn('PesaPal does not know our ipn_id; registering the IPN URL again');
      await this.ipns.forget();
      return this.client.submitOrder({ ...order, notificationId: await this.ipns.ipnId() });
    }
  }
}

function paymentPending(pending: Payment): DomainError {
  return new DomainError(
    'PAYMENT_PENDING',
    'A payment for this job is already waiting at PesaPal: finish it at redirectUrl, or wait for it to expire.',
    {
      transaction: {
        transactionId: pending.id,
        orderTrackingId: pending.orderTrackingId,
        redirectUrl: pending.redirectUrl,
        status: pending.status,
      },
    },
  );
}
