import type { AccountType } from '../ledger/ledger.service.js';
import type { TrialBalanceDto } from './dto/trial-balance.dto.js';

export function toTrialBalanceDto(balance: {
  accounts: { type: AccountType; balance: number }[];
  total: number;
  checkedAt: string;
}): TrialBalanceDto {
  return {
    accounts: balance.accounts.map((account) => ({ type: account.type, balance: account.balance })),
    total: balance.total,
    checkedAt: balance.checkedAt,
  };
}
