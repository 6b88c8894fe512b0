import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import type { DomainEvent } from '../../common/events/domain-event.types.js';
import type { AppConfig } from '../../config/configuration.js';
import { afterCommit, TransactionRunner } from '../../database/transaction-runner.js';
import { JobCancellationService } from '../jobs/job-cancellation.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { returnedAsCredit } from '../ledger/posting-rules.js';
import type { RefundAcceptedDto } from './dto/payments.dto.js';
import { PaymentTransitions } from './payment.transitions.js';
import { PaymentsRepository } from './payments.repository.js';
import { PesapalClient } from './pesapal/pesapal-client.js';
import { PesapalApiError, PesapalUnavailableError } from './pesapal/pesapal.errors.js';
import { RefundTransitions, refundStateOf } from './refund.transitions.js';

/** How long after a refund is recorded reconciliation may send it again, if its first attempt never finished. */
const RESUBMIT_MARGIN_MS = 60_000;

/**
 * Refunds through PesaPal's RefundRequest, never while a row is locked: the refund is recorded
 * (`requesting`) in the transaction that decides it, PesaPal is asked once that has committed
 * (afterCommit), and its answer recorded in a second short transaction: `requested` (queued at PesaPal;
 * the payment becomes reversed when GetTransactionStatus says so) or `refused`. If PesaPal does not answer,
 * or the process dies in between, the refund stays `requesting` and reconciliation sends it again.
 */
@Injectable()
export class RefundsService implements OnModuleInit {
  private readonly logger = new Logger(RefundsService.name);
  private readonly resubmitAfterMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentsRepository,
    private readonly transitions: RefundTransitions,
    private readonly paymentTransitions: PaymentTransitions,
    private readonly jobs: JobsService,
    private readonly cancellation: JobCancellationService,
    private readonly client: PesapalClient,
    private readonly events: DomainEvents,
    private readonly ledger: LedgerService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.resubmitAfterMs = config.get('pesapal', { infer: true }).timeoutMs + RESUBMIT_MARGIN_MS;
  }

  onModuleInit(): void {
    this.events.on('job.cancelled', (em, event) => this.refundCancelledJob(em, event));
  }

  /**
   * POST /admin/payments/:id/refund. A job still ahead (accepted or paid) is cancelled by the one cancel use
   * case, which asks for this refund through its `job.cancelled` event; otherwise only the refund is started.
   */
  async refundByAdmin(
    admin: AuthContext,
    paymentId: string,
    remarks: string,
    amount: number | undefined,
    meta: RequestMeta,
  ): Promise<RefundAcceptedDto> {
    const known = await this.payments.findById(paymentId);
    if (!known) throw new DomainError('NOT_FOUND', 'No payment with this id.');
    await this.transactions.run(async (em) => {
      const job = await this.jobs.lockParticipants(em, known.jobId);
      if (job && (job.status === 'paid' || job.status === 'accepted')) {
        const refund = { paymentId, amount, remarks };
        await this.cancellation.cancelIn(em, admin, job.id, remarks, { meta, refund });
      } else {
        await this.start(em, paymentId, admin.userId, remarks, amount, meta);
      }
    });
    const after = (await this.payments.findById(paymentId))!;
    const state = refundStateOf(after);
    return {
      transactionId: paymentId,
      refundStatus: state === 'requested' || state === 'refused' ? state : 'requesting',
      message: this.messageFor(after.refundMessage, state),
    };
  }

  /**
   * Returns all of a job's payment to the institution, in the caller's transaction (a dispute resolved as
   * `refund` after the job completed: its earnings go back to escrow first, through the refund event).
   */
  async refundJobInFull(em: EntityManager, jobId: string, actorId: string, remarks: string): Promise<void> {
    const payment = await this.payments.findLatestSettledForJob(em, jobId);
    if (payment?.status !== 'completed') {
      throw new DomainError('REFUND_NOT_ALLOWED', 'This job has no completed payment to refund.');
    }
    await this.start(em, payment.id, actorId, remarks);
  }

  /**
   * Returns part of what a job's escrow holds to the institution (a dispute split, a timesheet under the
   * plan; `actorId` null when a sweep decided it): a partial RefundRequest
   * for a card payment; for mobile money, which PesaPal refunds in full only, the part becomes the
   * institution's credit, spent first on its next payment.
   */
  async returnPartOfJob(
    em: EntityManager,
    p: { jobId: string; amount: number; actorId: string | null; remarks: string; key: string },
  ): Promise<'refund' | 'credit'> {
    const payment = await this.payments.findLatestSettledForJob(em, p.jobId);
    if (payment?.status !== 'completed') {
      throw new DomainError('REFUND_NOT_ALLOWED', 'This job has no completed payment to return money from.');
    }
    if (isCardPayment(payment.paymentMethod) && p.amount <= payment.amount) {
      await this.start(em, payment.id, p.actorId, p.remarks, p.amount);
      return 'refund';
    }
    await this.ledger.post(
      em,
      returnedAsCredit({ jobId: p.jobId, institutionId: payment.payerId, amount: p.amount, key: p.key }),
    );
    return 'credit';
  }

  /**
   * Sends a `requesting` refund to PesaPal and records the answer; outside any transaction. Called after
   * the refund's transaction commits and by reconciliation for refunds left `requesting`.
   */
  async submit(paymentId: string): Promise<void> {
    const payment = await this.payments.findById(paymentId);
    if (!payment || payment.refundStatus !== 'requesting') return;
    let answer: { accepted: boolean; message: string };
    try {
      answer = await this.client.requestRefund({
        confirmationCode: payment.confirmationCode ?? '',
        amount: payment.refundAmount ?? payment.amount,
        username: `qgig:${payment.refundRequestedBy ?? 'system'}`,
        remarks: payment.refundRemarks ?? 'Refund',
      });
    } catch (error) {
      if (!(error instanceof PesapalUnavailableError || error instanceof PesapalApiError)) throw error;
      this.logger.warn(
        { err: error, transactionId: paymentId },
        'PesaPal did not take the refund; will retry',
      );
      return;
    }
    await this.transactions.run(async (em) => {
      const current = await this.payments.lockById(em, paymentId);
      if (current?.refundStatus !== 'requesting') return;
      await this.transitions.transition(em, paymentId, answer.accepted ? 'requested' : 'refused', SYSTEM, {
        columns: { refundNextAttemptAt: null, refundMessage: answer.message },
        auditDetails: { message: answer.message },
      });
    });
  }

  /**
   * The payments module's part of cancelling a job: refund what was paid for it. Whenever the job holds a
   * completed, unrefunded payment — a paid job, or one reopened after its professional withdrew, whose
   * payment waits in escrow (all of it back, no fee). A late cancellation of a booked shift returns only
   * what the professional's compensation leaves (the earnings module takes the compensation): a partial
   * refund for a card, credit for mobile money (refunded in full only).
   */
  private async refundCancelledJob(
    em: EntityManager,
    event: Extract<DomainEvent, { type: 'job.cancelled' }>,
  ): Promise<void> {
    if (event.refund) {
      const { paymentId, amount, remarks } = event.refund;
      return this.start(em, paymentId, event.actorId, remarks, amount);
    }
    const payment = await this.payments.findLatestSettledForJob(em, event.jobId);
    if (event.from !== 'paid') {
      if (payment?.status === 'completed' && refundStateOf(payment) === 'none') {
        await this.start(em, payment.id, event.actorId, event.reason);
      }
      return;
    }
    if (payment?.status === 'reversed') return; // PesaPal already returned it: nothing left to refund
    if (!payment) {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        'This job has no completed payment to refund; contact support.',
      );
    }
    if (event.compensation) {
      const rest = payment.amount + payment.creditApplied - event.compensation.amount;
      if (rest <= 0) return;
      await this.returnPartOfJob(em, {
        jobId: event.jobId,
        amount: rest,
        actorId: event.actorId,
        remarks: event.reason || 'Cancelled less than 24 hours before the start',
        key: `job.cancelled.rest:${event.jobId}`,
      });
      return;
    }
    await this.start(em, payment.id, event.actorId, event.reason);
  }

  /**
   * Records the refund (`requesting`) in the caller's transaction and asks PesaPal once it has committed.
   * By default the whole payment goes back: what PesaPal charged through PesaPal, the credit it spent as
   * credit. A partial `amount` goes back through PesaPal only (cards; mobile money refunds are full only).
   */
  async start(
    em: EntityManager,
    paymentId: string,
    actorId: string | null,
    remarks: string,
    amount?: number,
    meta?: RequestMeta,
  ): Promise<void> {
    const payment = await this.payments.lockById(em, paymentId);
    if (!payment) throw new DomainError('NOT_FOUND', 'No payment with this id.');
    if (payment.status !== 'completed') {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        `Only completed payments can be refunded; this one is ${payment.status}.`,
      );
    }
    if (amount !== undefined && amount > payment.amount) {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        `The refund cannot exceed the ${payment.amount} ${payment.currency} paid through PesaPal.`,
      );
    }
    const split =
      amount === undefined
        ? { toPesapal: payment.amount, toCredit: payment.creditApplied }
        : { toPesapal: amount, toCredit: 0 };
    await this.transitions.transition(
      em,
      paymentId,
      'requesting',
      { userId: actorId },
      {
        columns: {
          refundAmount: split.toPesapal > 0 ? split.toPesapal : null,
          refundRemarks: remarks,
          refundRequestedBy: actorId,
          refundRequestedAt: new Date(),
          refundNextAttemptAt: new Date(Date.now() + this.resubmitAfterMs),
        },
        split,
        auditDetails: { ...split, remarks },
        meta,
      },
    );
    if (split.toPesapal > 0) {
      afterCommit(em, () => this.submit(paymentId));
      return;
    }
    // Credit paid for all of it: nothing goes through PesaPal, the credit is back already.
    await this.transitions.transition(em, paymentId, 'refunded', SYSTEM, {
      columns: { refundNextAttemptAt: null },
    });
    await this.paymentTransitions.transition(em, paymentId, 'reversed', SYSTEM);
  }

  private messageFor(pesapalMessage: string | null, state: string): string {
    if (state === 'requesting') {
      return 'The refund is recorded; PesaPal did not answer yet, so it is sent again automatically.';
    }
    return pesapalMessage || (state === 'refused' ? 'PesaPal refused the refund.' : 'Refund requested.');
  }
}

const SYSTEM = { userId: null };

/** PesaPal refunds cards in part; mobile money (MTNUG, AIRTELUG) in full only (docs/pesapal.md §7). */
function isCardPayment(paymentMethod: string | null): boolean {
  return /visa|master|amex|card/i.test(paymentMethod ?? '');
}
