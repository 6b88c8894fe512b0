import type { AccountRef } from './ledger-accounts.js';

export interface Posting {
  account: AccountRef;
  /** Whole UGX; positive adds to the account's balance, negative takes from it. */
  amount: number;
}

/** What the entry is about, for finding it later (a job's history, a payout's entries). */
export interface EntryRefs {
  jobId?: string;
  paymentId?: string;
  payoutId?: string;
  disputeId?: string;
}

/** A journal entry to post: `key` makes it idempotent (posting the same key twice posts once). */
export interface JournalDraft {
  key: string;
  kind: string;
  refs: EntryRefs;
  postings: Posting[];
}

/** Why a draft cannot be posted, or null: at least two postings, whole non-zero amounts, summing to 0. */
export function draftProblem(draft: JournalDraft): string | null {
  if (draft.postings.length < 2) return 'an entry needs at least two postings';
  if (draft.postings.some((p) => !Number.isSafeInteger(p.amount) || p.amount === 0)) {
    return 'every posting is a whole, non-zero amount';
  }
  const sum = draft.postings.reduce((total, p) => total + p.amount, 0);
  return sum === 0 ? null : `postings sum to ${sum}, not 0`;
}
