import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import type { DomainEvent } from '../../common/events/domain-event.types.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import type { AppConfig } from '../../config/configuration.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { cancellationCompensation, earningsReduced, feeOf, jobCompleted } from '../ledger/posting-rules.js';
import type { EarningsStatus } from './earnings-status.js';
import type { EarningsDto, EarningsEntryPageDto } from './earnings.dto.js';
import { toEarningsEntry } from './earnings.mapper.js';
import { EarningsRepository } from './earnings.repository.js';
import { EarningsTransitions } from './earnings.transitions.js';

const EARNINGS_ACCOUNTS = ['professional_pending', 'professional_available', 'payouts_in_flight'] as const;

/**
 * A professional's earnings: recorded when a paid job completes (the job's escrow less the commission frozen
 * on it goes to `pending`), released for payout after EARNINGS_HOLD_HOURS (EarningsWorker), voided when the
 * job's payment goes back first. Read from the ledger, never stored beside it.
 */
@Injectable()
export class EarningsService implements OnModuleInit {
  private readonly holdMs: number;

  constructor(
    private readonly earnings: EarningsRepository,
    private readonly transitions: EarningsTransitions,
    private readonly ledger: LedgerService,
    private readonly events: DomainEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.holdMs = config.get('money', { infer: true }).earningsHoldHours * 3_600_000;
  }

  onModuleInit(): void {
    this.events.on('job.completed', (em, event) => this.recordCompletion(em, event));
    this.events.on('job.cancelled', async (em, event) => {
      if (event.compensation && event.professionalId) {
        await this.recordCancellationCompensation(em, {
          jobId: event.jobId,
          professionalId: event.professionalId,
          ...event.compensation,
        });
      }
    });
    this.events.on('payment.refund_started', (em, event) =>
      this.voidForRefund(em, event.jobId, event.amount),
    );
  }

  /** GET /professional/earnings. */
  async summary(caller: AuthContext): Promise<EarningsDto> {
    const [balances, paidOut, nextReleaseAt] = await Promise.all([
      this.ledger.balances(caller.userId, EARNINGS_ACCOUNTS),
      this.ledger.paidOut(caller.userId),
      this.earnings.nextReleaseAt(caller.userId),
    ]);
    return {
      currency: 'UGX',
      pending: balances.get('professional_pending') ?? 0,
      available: balances.get('professional_available') ?? 0,
      inFlight: balances.get('payouts_in_flight') ?? 0,
      paidOut,
      nextReleaseAt: nextReleaseAt?.toISOString() ?? null,
    };
  }

  /** GET /professional/earnings/entries: the professional's postings, newest first. */
  async entries(caller: AuthContext, limit: number, cursor?: string): Promise<EarningsEntryPageDto> {
    const after = decodeCursor(cursor, ['integer']);
    const rows = await this.ledger.postingsOf(
      caller.userId,
      EARNINGS_ACCOUNTS,
      after ? String(after[0]) : null,
      limit + 1,
    );
    return toPage(rows, limit, (row) => [row.id], toEarningsEntry);
  }

  /** Where the job's earnings stand (locked for the rest of the transaction); null before completion. */
  async lockStatus(em: EntityManager, jobId: string): Promise<EarningsStatus | null> {
    return (await this.earnings.lockByJob(em, jobId))?.status ?? null;
  }

  /** Freezes a job's held earnings while a dispute is open (nothing to freeze before completion). */
  async freeze(em: EntityManager, jobId: string, actorId: string | null): Promise<void> {
    const row = await this.earnings.lockByJob(em, jobId);
    if (row?.status === 'held') await this.transitions.transition(em, jobId, 'frozen', { userId: actorId });
  }

  /** A dispute was resolved in the professional's favour: the earnings are held again, or released now if their time has come. */
  async unfreeze(em: EntityManager, jobId: string, actorId: string | null): Promise<void> {
    const row = await this.earnings.lockByJob(em, jobId);
    if (row?.status !== 'frozen') return;
    const to = row.release_at <= new Date() ? 'released' : 'held';
    await this.transitions.transition(em, jobId, to, { userId: actorId });
  }

  /**
   * A dispute split: of the job's amount the professional keeps `professionalAmount`, with the commission on
   * that part only; the rest of their earnings and of the fee goes back to the job's escrow, for the payments
   * module to return to the institution. For a job whose earnings are recorded (completed, frozen by the
   * dispute); a paid job not completed yet earns on completion from what escrow then holds.
   */
  async reduceForDispute(
    em: EntityManager,
    jobId: string,
    professionalAmount: number,
    commissionBps: number,
    disputeId: string,
  ): Promise<void> {
    const row = await this.earnings.lockByJob(em, jobId);
    if (!row || row.status === 'voided') return;
    const fee = feeOf(professionalAmount, commissionBps);
    const earning = professionalAmount - fee;
    if (earning > row.amount || fee > row.fee) {
      throw new DomainError(
        'DISPUTE_AMOUNT_TOO_HIGH',
        'The professional cannot be given more than the job paid.',
      );
    }
    if (earning === row.amount && fee === row.fee) return;
    await this.ledger.post(
      em,
      earningsReduced({
        jobId,
        professionalId: row.professional_id,
        earning: row.amount - earning,
        fee: row.fee - fee,
        disputeId,
      }),
    );
    await this.earnings.setAmounts(em, jobId, earning, fee);
  }

  /** The ledger and earnings part of a completion: escrow → pending + fee, held until release. */
  private async recordCompletion(
    em: EntityManager,
    event: Extract<DomainEvent, { type: 'job.completed' }>,
  ): Promise<void> {
    const escrow = await this.ledger.escrowOf(em, event.jobId);
    if (escrow === 0 || event.professionalId === null) return; // nothing was paid through Qgig for it
    const fee = feeOf(escrow, event.commissionBps);
    await this.ledger.post(
      em,
      jobCompleted({
        jobId: event.jobId,
        professionalId: event.professionalId,
        amount: escrow,
        feeBps: event.commissionBps,
      }),
    );
    await this.earnings.insert(em, {
      jobId: event.jobId,
      professionalId: event.professionalId,
      amount: escrow - fee,
      fee,
      releaseAt: new Date(Date.now() + this.holdMs),
    });
  }

  /**
   * A booked shift cancelled late (cancellation-policy.ts): `amount` of the job's escrow is the professional's
   * compensation, earned like a completion (escrow → pending less the commission frozen on the job) and held
   * for EARNINGS_HOLD_HOURS like any earning. The payments module returns the rest of the escrow.
   */
  async recordCancellationCompensation(
    em: EntityManager,
    p: { jobId: string; professionalId: string; amount: number; commissionBps: number },
  ): Promise<void> {
    if (p.amount <= 0) return;
    const fee = feeOf(p.amount, p.commissionBps);
    await this.ledger.post(
      em,
      cancellationCompensation({
        jobId: p.jobId,
        professionalId: p.professionalId,
        amount: p.amount,
        feeBps: p.commissionBps,
      }),
    );
    await this.earnings.insert(em, {
      jobId: p.jobId,
      professionalId: p.professionalId,
      amount: p.amount - fee,
      fee,
      releaseAt: new Date(Date.now() + this.holdMs),
    });
  }

  /**
   * A refund of the job's payment takes back earnings not paid out yet; paid-out ones stop it. Not when the
   * job's escrow already holds what goes back: a dispute split returned that part of the earnings to escrow
   * (reduceForDispute) and refunds it, and the professional keeps the rest.
   */
  private async voidForRefund(em: EntityManager, jobId: string, amount: number): Promise<void> {
    const row = await this.earnings.lockByJob(em, jobId);
    if (!row || row.status === 'voided') return;
    if ((await this.ledger.escrowOf(em, jobId)) >= amount) return;
    try {
      await this.transitions.transition(em, jobId, 'voided', { userId: null });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INSUFFICIENT_FUNDS') {
        throw new DomainError(
          'REFUND_NOT_ALLOWED',
          'The professional has already withdrawn the earnings from this job: resolve it with them before refunding.',
        );
      }
      throw error;
    }
  }
}
