import type { PostingRow } from '../../ledger/ledger.service.js';
import type { CreditEntryDto, InstitutionCreditDto } from './credit.dto.js';

export function toCreditEntryDto(row: PostingRow): CreditEntryDto {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    amount: Number(row.amount),
    balanceAfter: Number(row.balance_after),
    ...(row.job_id && { jobId: row.job_id }),
    ...(row.payment_id && { paymentId: row.payment_id }),
  };
}

export function toInstitutionCreditDto(balance: number, rows: PostingRow[]): InstitutionCreditDto {
  return { currency: 'UGX', balance, entries: rows.map(toCreditEntryDto) };
}
