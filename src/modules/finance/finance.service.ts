import { Injectable } from '@nestjs/common';
import { LedgerService } from '../ledger/ledger.service.js';
import type { TrialBalanceDto } from './dto/trial-balance.dto.js';
import { toTrialBalanceDto } from './finance.mapper.js';

/** Admins' view of the books. */
@Injectable()
export class FinanceService {
  constructor(private readonly ledger: LedgerService) {}

  async trialBalance(): Promise<TrialBalanceDto> {
    return toTrialBalanceDto(await this.ledger.trialBalance());
  }
}
