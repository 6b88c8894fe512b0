import { Injectable } from '@nestjs/common';
import { LedgerService } from '../../ledger/ledger.service.js';
import type { InstitutionCreditDto } from './credit.dto.js';
import { toInstitutionCreditDto } from './credit.mapper.js';

/** How many of the latest credit entries GET /institution/credit lists. */
export const CREDIT_ENTRIES_SHOWN = 50;

/** An institution's credit (refunds kept as credit, spent first on its next payments), from the ledger. */
@Injectable()
export class CreditService {
  constructor(private readonly ledger: LedgerService) {}

  async creditOf(institutionId: string): Promise<InstitutionCreditDto> {
    const balances = await this.ledger.balances(institutionId, ['institution_credit']);
    const rows = await this.ledger.postingsOf(
      institutionId,
      ['institution_credit'],
      null,
      CREDIT_ENTRIES_SHOWN,
    );
    return toInstitutionCreditDto(balances.get('institution_credit') ?? 0, rows);
  }
}
