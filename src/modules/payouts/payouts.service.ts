import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConfigService } from '@nestjs/config';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';
import type { AppConfig } from '../../config/configuration.js';
import { afterCommit, TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import type {
  AdminPayoutDto,
  AdminPayoutPageDto,
  PayoutAccountDto,
  PayoutAccountInputDto,
  PayoutDto,
  PayoutPageDto,
} from './dto/payouts.dto.js';
import { PayoutDispatcher } from './payout-dispatcher.js';
import type { PayoutNetwork, PayoutStatus } from './payout-status.js';
import { toAdminPayoutDto, toPayoutAccountDto, toPayoutDto } from './payout.mapper.js';
import { PayoutTransitions } from './payout.transitions.js';
import { IdempotencyKeyTaken, PayoutsRepository } from './payouts.repository.js';
import type { Payout } from './payout.entity.js';

const NETWORK_NAMES: Record<PayoutNetwork, string> = { mtn: 'MTN', airtel: 'Airtel' };

/** Payout accounts, payout requests and the admins' queue. State changes: PayoutTransitions. */
@Injectable()
export class PayoutsService {
  private readonly minimum: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payouts: PayoutsRepository,
    private readonly transitions: PayoutTransitions,
    private readonly dispatcher: PayoutDispatcher,
    private readonly professionals: ProfessionalsService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.minimum = config.get('money', { infer: true }).payoutMinimum;
  }

  async getAccount(professionalId: string): Promise<PayoutAccountDto> {
    const account = await this.payouts.findAccount(professionalId);
    if (!account) {
      throw new DomainError(
        'PAYOUT_ACCOUNT_NOT_FOUND',
        'You have no payout account yet: set the MTN or Airtel mobile-money number to be paid to with PUT /api/v1/professional/payout-account.',
      );
    }
    return toPayoutAccountDto(account);
  }

  /** Creates or replaces the account; the number must be on the chosen network. Audited (payouts go there). */
  async saveAccount(
    professionalId: string,
    input: PayoutAccountInputDto,
    meta: RequestMeta,
  ): Promise<PayoutAccountDto> {
    const phone = phoneOn(input.provider, input.phone);
    await this.transactions.run(async (em) => {
      await this.payouts.saveAccount(em, professionalId, { ...input, phone });
      await this.audit.record(
        {
          action: 'payout_account.saved',
          actorId: professionalId,
          meta,
          details: { provider: input.provider, phone },
        },
        em,
      );
    });
    return this.getAccount(professionalId);
  }

  /**
   * A verified professional with a payout account asks for `amount` of their available money. The
   * ledger's row lock on their available account serialises concurrent requests; the loser of a race
   * that would overdraw gets 409 insufficient-funds and nothing is written.
   *
   * With an Idempotency-Key, the professional's earlier payout under that key is the answer (`replayed`)
   * and nothing moves again. Two requests with a new key at once both insert; the unique index lets one
   * commit and the other, refused, answers with the winner's payout.
   */
  async request(
    caller: AuthContext,
    amount: number,
    meta: RequestMeta,
    idempotencyKey: string | null = null,
  ): Promise<{ payout: PayoutDto; replayed: boolean }> {
    if (amount < this.minimum) {
      throw new RequestValidationError([
        { field: 'amount', message: `amount must be at least ${this.minimum} UGX (the minimum payout)` },
      ]);
    }
    const earlier =
      idempotencyKey && (await this.payouts.findByIdempotencyKey(caller.userId, idempotencyKey));
    if (earlier) return { payout: replayOf(earlier, amount), replayed: true };
    try {
      return { payout: await this.create(caller, amount, meta, idempotencyKey), replayed: false };
    } catch (error) {
      if (!idempotencyKey || !(error instanceof IdempotencyKeyTaken)) throw error;
      const winner = await this.payouts.findByIdempotencyKey(caller.userId, idempotencyKey);
      if (!winner) throw error;
      return { payout: replayOf(winner, amount), replayed: true };
    }
  }

  private async create(
    caller: AuthContext,
    amount: number,
    meta: RequestMeta,
    idempotencyKey: string | null,
  ): Promise<PayoutDto> {
    const id = await this.transactions.run(async (em) => {
      const qualification = await this.professionals.findQualification(em, caller.userId);
      if (!qualification?.verified) {
        throw new DomainError(
          'NOT_VERIFIED',
          'Only verified professionals can request payouts: upload the documents your profession needs and wait for approval.',
        );
      }
      const account = await this.payouts.findAccount(caller.userId, em);
      if (!account) {
        throw new DomainError(
          'PAYOUT_ACCOUNT_REQUIRED',
          'Set the mobile-money number to be paid to first: PUT /api/v1/professional/payout-account.',
        );
      }
      const draft = {
        professionalId: caller.userId,
        amount,
        provider: account.provider,
        phone: account.phone,
        accountName: account.accountName,
        idempotencyKey,
      };
      const payout = await this.transitions
        .request(em, draft, { userId: caller.userId, meta })
        .catch((error: unknown) => {
          throw insufficient(error, amount);
        });
      afterCommit(em, async () => {
        await this.dispatcher.dispatch(payout);
      });
      return payout.id;
    });
    // Read after the provider was asked: a provider that pays at once has made it paid already.
    return toPayoutDto((await this.payouts.findById(id))!);
  }

  async listOwn(professionalId: string, limit: number, cursor?: string): Promise<PayoutPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) ?? null;
    const rows = await this.payouts.listOfProfessional(professionalId, after, limit + 1);
    return toPage(rows, limit, (p) => [p.requestedAt.toISOString(), p.id], toPayoutDto);
  }

  async listQueue(
    status: PayoutStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<AdminPayoutPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) ?? null;
    const rows = await this.payouts.listQueue(status, after, limit + 1);
    return toPage(rows, limit, (p) => [p.requestedAt.toISOString(), p.id], toAdminPayoutDto);
  }

  /** An admin sent the money by hand: `reference` is the mobile-money transaction id. */
  async markPaid(
    admin: AuthContext,
    id: string,
    reference: string,
    meta: RequestMeta,
  ): Promise<AdminPayoutDto> {
    const payout = await this.transactions.run((em) =>
      this.transitions.transition(em, id, 'paid', { userId: admin.userId, meta }, { reference }),
    );
    return toAdminPayoutDto(payout);
  }

  /** The money could not be sent: it goes back to the professional's available money. */
  async markFailed(
    admin: AuthContext,
    id: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<AdminPayoutDto> {
    const payout = await this.transactions.run((em) =>
      this.transitions.transition(em, id, 'failed', { userId: admin.userId, meta }, { reason }),
    );
    return toAdminPayoutDto(payout);
  }

  /** Account deletion, in its transaction: the payout account (a phone and a name) goes; payouts stay. */
  eraseFor(em: EntityManager, professionalId: string): Promise<void> {
    return this.payouts.deleteAccount(em, professionalId);
  }

  /** The payout account and every payout, for the user's data export. */
  async exportFor(
    professionalId: string,
  ): Promise<{ payoutAccount: PayoutAccountDto | null; payouts: PayoutDto[] }> {
    const [account, payouts] = await Promise.all([
      this.payouts.findAccount(professionalId),
      this.payouts.allOf(professionalId),
    ]);
    return { payoutAccount: account ? toPayoutAccountDto(account) : null, payouts: payouts.map(toPayoutDto) };
  }
}

/** The E.164 form of a number on `network`, or 400 on `phone` naming the number's real network. */
function phoneOn(network: PayoutNetwork, raw: string): string {
  const phone = normalizeUgandanMobile(raw);
  if (!phone.ok) throw new RequestValidationError([{ field: 'phone', message: `phone ${phone.message}` }]);
  const actual = phone.network === 'MTN' ? 'mtn' : phone.network === 'Airtel' ? 'airtel' : null;
  if (actual === network) return phone.e164;
  const message = actual
    ? `phone is an ${NETWORK_NAMES[actual]} number, not ${NETWORK_NAMES[network]}: choose provider "${actual}" or give an ${NETWORK_NAMES[network]} number`
    : 'phone is on neither MTN (076, 077, 078) nor Airtel (070, 074, 075): payouts go to MTN or Airtel mobile money';
  throw new RequestValidationError([{ field: 'phone', message }]);
}

/** The ledger's insufficient-funds refusal, told in the professional's terms. */
function insufficient(error: unknown, amount: number): unknown {
  if (!(error instanceof DomainError) || error.code !== 'INSUFFICIENT_FUNDS') return error;
  const available = amount - Number(error.extensions.shortBy ?? 0);
  return new DomainError(
    'INSUFFICIENT_FUNDS',
    `You asked for ${amount} UGX but have ${available} UGX available to pay out.`,
    { available, requested: amount },
  );
}

/** The payout an earlier request with the same Idempotency-Key created, if this request asks the same. */
function replayOf(earlier: Payout, amount: number): PayoutDto {
  if (earlier.amount !== amount) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `This Idempotency-Key was already used for a payout of ${earlier.amount} UGX. Send a new key for a new payout; resend the same key only to retry that one.`,
      { payoutId: earlier.id },
    );
  }
  return toPayoutDto(earlier);
}
