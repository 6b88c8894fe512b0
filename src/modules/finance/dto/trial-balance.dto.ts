import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_TYPES, type AccountType } from '../../ledger/ledger-accounts.js';

export class AccountTypeBalanceDto {
  @ApiProperty({ enum: ACCOUNT_TYPES, example: 'job_escrow' })
  type!: AccountType;

  @ApiProperty({
    example: 135000,
    description: 'Sum of the balances of every account of this type, whole UGX',
  })
  balance!: number;
}

export class TrialBalanceDto {
  @ApiProperty({
    type: [AccountTypeBalanceDto],
    example: [
      { type: 'job_escrow', balance: 135000 },
      { type: 'pesapal_clearing', balance: -135000 },
    ],
  })
  accounts!: AccountTypeBalanceDto[];

  @ApiProperty({ example: 0, description: 'The sum of every balance: 0 when the books balance' })
  total!: number;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  checkedAt!: string;
}
