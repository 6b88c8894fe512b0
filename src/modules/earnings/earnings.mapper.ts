import type { PostingRow } from '../ledger/ledger.service.js';
import type { EarningsEntryDto } from './earnings.dto.js';

export function toEarningsEntry(row: PostingRow): EarningsEntryDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind,
    account: row.account_type,
    amount: Number(row.amount),
    balanceAfter: Number(row.balance_after),
    ...(row.job_id && { jobId: row.job_id }),
    ...(row.payout_id && { payoutId: row.payout_id }),
  };
}
