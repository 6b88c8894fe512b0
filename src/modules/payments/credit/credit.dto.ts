import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreditEntryDto {
  @ApiProperty({ example: '1042', description: 'The posting’s id (increasing with time)' })
  id!: string;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  at!: string;

  @ApiProperty({
    example: 'refund.requested',
    description:
      'What moved the credit: refund.requested / escrow.returned_as_credit (credit added), ' +
      'payment.completed (credit spent on a payment)',
  })
  kind!: string;

  @ApiProperty({ example: 30000, description: 'Whole UGX: positive adds credit, negative spends it' })
  amount!: number;

  @ApiProperty({ example: 30000, description: 'The credit balance after this entry, whole UGX' })
  balanceAfter!: number;

  @ApiPropertyOptional({ format: 'uuid', example: '8d7f5a2e-1c3b-4e6f-9a0b-2c4d6e8f0a1b' })
  jobId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: '3b2f9a1c-5d4e-4f6a-8b7c-9d0e1f2a3b4c' })
  paymentId?: string;
}

export class InstitutionCreditDto {
  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ example: 30000, description: 'Credit available for the next payments, whole UGX' })
  balance!: number;

  @ApiProperty({ type: [CreditEntryDto], description: 'The latest 50 entries, newest first' })
  entries!: CreditEntryDto[];
}
