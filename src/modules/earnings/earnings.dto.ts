import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination/page.dto.js';

export class EarningsDto {
  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ example: 72000, description: 'Earned, still in the holding period (EARNINGS_HOLD_HOURS)' })
  pending!: number;

  @ApiProperty({ example: 22000, description: 'May be paid out now' })
  available!: number;

  @ApiProperty({ example: 0, description: 'Payouts requested and not yet confirmed' })
  inFlight!: number;

  @ApiProperty({ example: 50000, description: 'Paid out to the payout account, in all' })
  paidOut!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-12-09T17:00:00.000Z',
    description: 'When held earnings are next released',
  })
  nextReleaseAt!: string | null;
}

export class EarningsEntryDto {
  @ApiProperty({ example: '1042' })
  id!: string;

  @ApiProperty({ example: '2026-12-06T17:00:00.000Z' })
  at!: string;

  @ApiProperty({
    example: 'job.completed',
    description:
      'job.completed, job.cancellation_compensation, earnings.released, earnings.voided, payout.requested, payout.paid, payout.failed',
  })
  kind!: string;

  @ApiProperty({
    example: 'professional_pending',
    description: 'Which balance moved: professional_pending, professional_available or payouts_in_flight',
  })
  account!: string;

  @ApiProperty({ example: 72000, description: 'Positive in, negative out' })
  amount!: number;

  @ApiProperty({ example: 72000 })
  balanceAfter!: number;

  @ApiPropertyOptional({ format: 'uuid' })
  jobId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  payoutId?: string;
}

export class EarningsEntryPageDto extends PageOf(EarningsEntryDto) {}
