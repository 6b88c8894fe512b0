import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/errors/unique-constraints.js';
import { PayoutAccount } from './payout-account.entity.js';
import type { PayoutNetwork, PayoutStatus } from './payout-status.js';
import { Payout } from './payout.entity.js';

export interface PayoutAccountFields {
  provider: PayoutNetwork;
  phone: string;
  accountName: string;
}

export interface NewPayout extends PayoutAccountFields {
  professionalId: string;
  amount: number;
  idempotencyKey: string | null;
}

/** Columns a payout's status change may set beside `status`. */
export type PayoutStatusColumns = Partial<
  Pick<Payout, 'reference' | 'failureReason' | 'processedBy' | 'paidAt' | 'failedAt'>
>;

/** The keyset of both lists: requested_at (millisecond precision, set here) then id. */
export type PayoutCursor = readonly [string, string];

/** The only code that touches `payouts` and `payout_accounts`. */
@Injectable()
export class PayoutsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAccount(professionalId: string, em: EntityManager = this.dataSource.manager) {
    return em.findOneBy(PayoutAccount, { professionalId });
  }

  async saveAccount(em: EntityManager, professionalId: string, fields: PayoutAccountFields): Promise<void> {
    await em.upsert(PayoutAccount, { professionalId, ...fields }, { conflictPaths: ['professionalId'] });
  }

  /**
   * A new payout in its first state, `requested` (an insert, not a status change). requested_at is taken
   * here in whole milliseconds, so the lists' cursors (ISO strings) name it exactly. IdempotencyKeyTaken
   * when the professional already has a payout under its Idempotency-Key (a concurrent request won).
   */
  async insertRequested(em: EntityManager, payout: NewPayout): Promise<Payout> {
    const [row] = await em
      .query<{ id: string }[]>(
        `INSERT INTO payouts (professional_id, amount, currency, provider, phone, account_name, status, requested_at,
                            idempotency_key)
       VALUES ($1, $2, 'UGX', $3, $4, $5, 'requested', $6, $7) RETURNING id`,
        [
          payout.professionalId,
          payout.amount,
          payout.provider,
          payout.phone,
          payout.accountName,
          new Date(),
          payout.idempotencyKey,
        ],
      )
      .catch((error: unknown) => {
        throw isUniqueViolation(error, 'payouts_one_per_idempotency_key') ? new IdempotencyKeyTaken() : error;
      });
    return em.findOneByOrFail(Payout, { id: row.id });
  }

  /** The professional's payout created by a request with this Idempotency-Key, if any. */
  findByIdempotencyKey(professionalId: string, idempotencyKey: string): Promise<Payout | null> {
    return this.dataSource.manager.findOneBy(Payout, { professionalId, idempotencyKey });
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Payout | null> {
    return em.findOneBy(Payout, { id });
  }

  /** The row, locked FOR UPDATE (before any ledger account, in the lock order). */
  lockById(em: EntityManager, id: string): Promise<Payout | null> {
    return em.findOne(Payout, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The one statement that changes a payout's `status`: called by PayoutTransitions only. */
  async writeStatus(
    em: EntityManager,
    id: string,
    to: PayoutStatus,
    columns: PayoutStatusColumns = {},
  ): Promise<void> {
    await em.update(Payout, id, { status: to, ...columns });
  }

  /** One professional's payouts, newest first. */
  listOfProfessional(professionalId: string, after: PayoutCursor | null, limit: number): Promise<Payout[]> {
    const builder = this.dataSource
      .createQueryBuilder(Payout, 'p')
      .where('p.professional_id = :professionalId', { professionalId })
      .orderBy('p.requested_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit);
    if (after) {
      builder.andWhere('(p.requested_at, p.id) < (:at::timestamptz, :id::uuid)', {
        at: after[0],
        id: after[1],
      });
    }
    return builder.getMany();
  }

  /** Every payout (of one status when given), oldest first: the admins' queue. */
  listQueue(status: PayoutStatus | undefined, after: PayoutCursor | null, limit: number): Promise<Payout[]> {
    const builder = this.dataSource
      .createQueryBuilder(Payout, 'p')
      .orderBy('p.requested_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(limit);
    if (status) builder.andWhere('p.status = :status', { status });
    if (after) {
      builder.andWhere('(p.requested_at, p.id) > (:at::timestamptz, :id::uuid)', {
        at: after[0],
        id: after[1],
      });
    }
    return builder.getMany();
  }

  /** Forgets the payout account (account deletion); the payouts themselves are payment records and stay. */
  async deleteAccount(em: EntityManager, professionalId: string): Promise<void> {
    await em.query(`DELETE FROM payout_accounts WHERE professional_id = $1`, [professionalId]);
  }

  /** Every payout of the professional, oldest first (data export). */
  allOf(professionalId: string): Promise<Payout[]> {
    return this.dataSource.manager.find(Payout, { where: { professionalId }, order: { requestedAt: 'ASC' } });
  }
}

/** Another request of the same professional with the same Idempotency-Key created its payout first. */
export class IdempotencyKeyTaken extends Error {
  override name = 'IdempotencyKeyTaken';
}
