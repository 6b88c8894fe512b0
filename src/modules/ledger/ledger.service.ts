import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { draftProblem, type JournalDraft } from './journal.js';
import { accountKey, mayGoNegative, type AccountRef, type AccountType } from './ledger-accounts.js';
import { LedgerRepository, type PostingRow } from './ledger.repository.js';

export type { AccountRef, AccountType } from './ledger-accounts.js';
export { accounts } from './ledger-accounts.js';
export type { JournalDraft } from './journal.js';
export type { PostingRow } from './ledger.repository.js';

/**
 * The ledger. `post` is the only writer: called inside the transaction of the state change that moves the
 * money, it is idempotent on the entry's key, refuses an entry that does not sum to 0 (and PostgreSQL
 * refuses it again at commit), locks the accounts it touches in id order (ledger accounts come last in the
 * lock order: job → payment → payout → ledger account) and keeps their cached balances. An account other
 * than PesaPal's clearing account that would go below 0 is refused with 409 insufficient-funds: that is what
 * stops concurrent payouts from overdrawing.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly ledger: LedgerRepository) {}

  /** Posts the entry; false when an entry with its key was posted before (nothing changes). */
  async post(em: EntityManager, draft: JournalDraft): Promise<boolean> {
    const problem = draftProblem(draft);
    if (problem) throw new Error(`Refusing journal entry ${draft.key}: ${problem}`);
    const entryId = await this.ledger.insertEntry(em, draft.key, draft.kind, draft.refs);
    if (entryId === null) return false;
    const locked = await this.ledger.lockAccounts(
      em,
      draft.postings.map((p) => p.account),
    );
    const byKey = new Map(locked.map((a) => [accountKey({ type: a.type, ownerId: a.owner_id }), a]));
    const balances = new Map(locked.map((a) => [a.id, Number(a.balance)]));
    const rows = draft.postings.map((posting) => {
      const account = byKey.get(accountKey(posting.account))!;
      const balanceAfter = balances.get(account.id)! + posting.amount;
      if (balanceAfter < 0 && !mayGoNegative(account.type))
        throw insufficientFunds(posting.account, balanceAfter);
      balances.set(account.id, balanceAfter);
      return { accountId: account.id, amount: posting.amount, balanceAfter };
    });
    await this.ledger.insertPostings(em, entryId, rows);
    return true;
  }

  /** Locks one account (opening it if new) for the rest of the transaction and answers its balance. */
  async lockBalance(em: EntityManager, account: AccountRef): Promise<number> {
    const [locked] = await this.ledger.lockAccounts(em, [account]);
    return Number(locked.balance);
  }

  /** One owner's balances by account type (0 for accounts never used), optionally in a transaction. */
  balances(
    ownerId: string,
    types: readonly AccountType[],
    em?: EntityManager,
  ): Promise<Map<AccountType, number>> {
    return this.ledger.balances(ownerId, types, em);
  }

  /** A job's escrow balance (what was paid for it and not yet earned or returned). */
  async escrowOf(em: EntityManager, jobId: string): Promise<number> {
    return (await this.ledger.balances(jobId, ['job_escrow'], em)).get('job_escrow') ?? 0;
  }

  /** What a professional has been paid out in all (the payouts marked paid). */
  async paidOut(professionalId: string): Promise<number> {
    return -(await this.ledger.totalOf(professionalId, 'payouts_in_flight', 'payout.paid'));
  }

  /** Postings to one owner's accounts of these types, newest first (keyset on the posting id). */
  postingsOf(
    ownerId: string,
    types: readonly AccountType[],
    beforeId: string | null,
    limit: number,
  ): Promise<PostingRow[]> {
    return this.ledger.postingsOf(ownerId, types, beforeId, limit);
  }

  /** Postings to one owner's accounts of these types in [from, to), oldest first. */
  postingsBetween(
    ownerId: string,
    types: readonly AccountType[],
    from: Date,
    to: Date,
  ): Promise<PostingRow[]> {
    return this.ledger.postingsBetween(ownerId, types, from, to);
  }

  /** GET /admin/finance/trial-balance: every account type's balance; the total must be 0. */
  async trialBalance(): Promise<{
    accounts: { type: AccountType; balance: number }[];
    total: number;
    checkedAt: string;
  }> {
    const { byType } = await this.ledger.trialBalance();
    return {
      accounts: byType,
      total: byType.reduce((sum, account) => sum + account.balance, 0),
      checkedAt: new Date().toISOString(),
    };
  }

  /** For /metrics and the tests' after-all check: the sum of all postings, and stale cached balances. */
  integrity(): Promise<{ postingsTotal: number; mismatchedAccounts: number }> {
    return this.ledger.integrity();
  }
}

function insufficientFunds(account: AccountRef, balanceAfter: number): DomainError {
  return new DomainError(
    'INSUFFICIENT_FUNDS',
    `Not enough money for this: it would leave ${account.type.replaceAll('_', ' ')} at ${balanceAfter} UGX.`,
    { account: account.type, shortBy: -balanceAfter },
  );
}
