import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { EntryRefs } from './journal.js';
import type { AccountRef, AccountType } from './ledger-accounts.js';

export interface LockedAccount {
  id: string;
  type: AccountType;
  owner_id: string | null;
  balance: string;
}

export interface PostingRow {
  id: string;
  at: Date;
  kind: string;
  amount: string;
  balance_after: string;
  job_id: string | null;
  payment_id: string | null;
  payout_id: string | null;
  dispute_id: string | null;
  account_type: AccountType;
}

const NO_OWNER = '00000000-0000-0000-0000-000000000000';

/** An owner's postings ($1) to accounts of some types ($2), with what their entries say; callers add the rest. */
const OWNER_POSTINGS = `
  SELECT p.id, p.created_at AS at, e.kind, p.amount, p.balance_after, e.job_id, e.payment_id, e.payout_id,
         e.dispute_id, a.type AS account_type
    FROM postings p JOIN ledger_accounts a ON a.id = p.account_id JOIN journal_entries e ON e.id = p.entry_id
   WHERE a.owner_id = $1 AND a.type = ANY($2::text[])`;

/** The only code that touches `ledger_accounts`, `journal_entries` and `postings`. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The entry's id, or null when an entry with this key exists (it was posted before: nothing to do). */
  async insertEntry(em: EntityManager, key: string, kind: string, refs: EntryRefs): Promise<string | null> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO journal_entries (key, kind, job_id, payment_id, payout_id, dispute_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [key, kind, refs.jobId ?? null, refs.paymentId ?? null, refs.payoutId ?? null, refs.disputeId ?? null],
    );
    return row?.id ?? null;
  }

  /** Creates the accounts that do not exist yet, then locks all of them in id order (FOR UPDATE). */
  async lockAccounts(em: EntityManager, refs: AccountRef[]): Promise<LockedAccount[]> {
    const types = refs.map((ref) => ref.type);
    const owners = refs.map((ref) => ref.ownerId);
    await em.query(
      `INSERT INTO ledger_accounts (type, owner_id)
       SELECT * FROM unnest($1::text[], $2::uuid[])
       ON CONFLICT (type, coalesce(owner_id, '${NO_OWNER}')) DO NOTHING`,
      [types, owners],
    );
    return em.query<LockedAccount[]>(
      `SELECT a.id, a.type, a.owner_id, a.balance FROM ledger_accounts a
         JOIN unnest($1::text[], $2::uuid[]) AS r(type, owner_id)
           ON a.type = r.type AND coalesce(a.owner_id, '${NO_OWNER}') = coalesce(r.owner_id, '${NO_OWNER}')
        ORDER BY a.id FOR UPDATE OF a`,
      [types, owners],
    );
  }

  async insertPostings(
    em: EntityManager,
    entryId: string,
    rows: { accountId: string; amount: number; balanceAfter: number }[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO postings (entry_id, account_id, amount, balance_after)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[])`,
      [entryId, rows.map((r) => r.accountId), rows.map((r) => r.amount), rows.map((r) => r.balanceAfter)],
    );
    // An account may take several postings of one entry: the last balance_after is its balance.
    const balances = new Map(rows.map((r) => [r.accountId, r.balanceAfter]));
    await em.query(
      `UPDATE ledger_accounts a SET balance = v.balance, updated_at = now()
         FROM unnest($1::bigint[], $2::bigint[]) AS v(id, balance) WHERE a.id = v.id`,
      [[...balances.keys()], [...balances.values()]],
    );
  }

  /** Cached balances of one owner's accounts of these types (0 for an account not opened yet). */
  async balances(
    ownerId: string,
    types: readonly AccountType[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<AccountType, number>> {
    const rows = await em.query<{ type: AccountType; balance: string }[]>(
      `SELECT type, balance FROM ledger_accounts WHERE owner_id = $1 AND type = ANY($2::text[])`,
      [ownerId, types],
    );
    const balances = new Map<AccountType, number>(types.map((type) => [type, 0]));
    for (const row of rows) balances.set(row.type, Number(row.balance));
    return balances;
  }

  /** Postings to one owner's accounts of these types, newest first, before posting id `beforeId`. */
  postingsOf(
    ownerId: string,
    types: readonly AccountType[],
    beforeId: string | null,
    limit: number,
  ): Promise<PostingRow[]> {
    return this.dataSource.query<PostingRow[]>(
      `${OWNER_POSTINGS} AND ($3::bigint IS NULL OR p.id < $3)
        ORDER BY p.id DESC LIMIT $4`,
      [ownerId, types, beforeId, limit],
    );
  }

  /** Postings to one owner's accounts of these types in [from, to), oldest first (statements). */
  postingsBetween(
    ownerId: string,
    types: readonly AccountType[],
    from: Date,
    to: Date,
  ): Promise<PostingRow[]> {
    return this.dataSource.query<PostingRow[]>(
      `${OWNER_POSTINGS} AND p.created_at >= $3 AND p.created_at < $4
        ORDER BY p.id`,
      [ownerId, types, from, to],
    );
  }

  /** The sum of one owner's postings of one kind to one account type (e.g. payouts paid out). */
  async totalOf(ownerId: string, type: AccountType, kind: string): Promise<number> {
    const [row] = await this.dataSource.query<{ total: string }[]>(
      `SELECT coalesce(sum(p.amount), 0)::bigint AS total
         FROM postings p JOIN ledger_accounts a ON a.id = p.account_id JOIN journal_entries e ON e.id = p.entry_id
        WHERE a.owner_id = $1 AND a.type = $2 AND e.kind = $3`,
      [ownerId, type, kind],
    );
    return Number(row.total);
  }

  /** Balance of every account type (summed over owners), and the sum of all postings. */
  async trialBalance(): Promise<{ byType: { type: AccountType; balance: number }[]; postingsTotal: number }> {
    const byType = await this.dataSource.query<{ type: AccountType; balance: string }[]>(
      `SELECT type, sum(balance)::bigint AS balance FROM ledger_accounts GROUP BY type ORDER BY type`,
    );
    const [total] = await this.dataSource.query<{ total: string }[]>(
      `SELECT coalesce(sum(amount), 0)::bigint AS total FROM postings`,
    );
    return {
      byType: byType.map((row) => ({ type: row.type, balance: Number(row.balance) })),
      postingsTotal: Number(total.total),
    };
  }

  /** The sum of all postings (0 when the books balance) and how many cached balances differ from theirs. */
  async integrity(): Promise<{ postingsTotal: number; mismatchedAccounts: number }> {
    const [row] = await this.dataSource.query<{ total: string; mismatched: number }[]>(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM postings)::bigint AS total,
              (SELECT count(*) FROM ledger_accounts a
                WHERE a.balance <> (SELECT coalesce(sum(p.amount), 0) FROM postings p WHERE p.account_id = a.id))::int
                AS mismatched`,
    );
    return { postingsTotal: Number(row.total), mismatchedAccounts: row.mismatched };
  }
}
