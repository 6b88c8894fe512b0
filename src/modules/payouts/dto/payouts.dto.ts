import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { PageOf } from '../../../common/pagination/page.dto.js';
import { IsUgandanMobile } from '../../../common/phone/uganda-phone.js';
import { Trim } from '../../../common/validation/trim.js';
import { PAYOUT_NETWORKS, PAYOUT_STATUSES, type PayoutNetwork, type PayoutStatus } from '../payout-status.js';

/** Above any mobile-money wallet limit, and within the integer column. */
export const MAX_PAYOUT_UGX = 1_000_000_000;

export class PayoutAccountInputDto {
  @ApiProperty({ enum: PAYOUT_NETWORKS, example: 'mtn', description: 'The mobile-money network' })
  @IsIn(PAYOUT_NETWORKS)
  provider!: PayoutNetwork;

  @ApiProperty({
    example: '0772 123 456',
    description: 'A number on that network: MTN 076/077/078, Airtel 070/074/075. Stored in E.164.',
    maxLength: 30,
  })
  @IsString()
  @MaxLength(30)
  @IsUgandanMobile()
  phone!: string;

  @ApiProperty({
    example: 'Grace Nakato',
    description: 'The name the mobile-money account is registered to',
    minLength: 2,
    maxLength: 100,
  })
  @Trim()
  @IsString()
  @Length(2, 100)
  accountName!: string;
}

export class PayoutAccountDto {
  @ApiProperty({ enum: PAYOUT_NETWORKS, example: 'mtn' })
  provider!: PayoutNetwork;

  @ApiProperty({ example: '+256772123456', description: 'E.164' })
  phone!: string;

  @ApiProperty({ example: 'Grace Nakato' })
  accountName!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  updatedAt!: string;
}

export class RequestPayoutDto {
  @ApiProperty({
    example: 50000,
    minimum: 1,
    maximum: MAX_PAYOUT_UGX,
    description: 'Whole UGX; at least PAYOUT_MIN_UGX (5,000 by default) and at most your available money',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAYOUT_UGX)
  amount!: number;
}

export class PayoutDto {
  @ApiProperty({ format: 'uuid', example: '6a1f0c3e-9b2d-4e7a-8c5f-1d3b5a7c9e0f' })
  id!: string;

  @ApiProperty({ example: 50000, description: 'Whole UGX' })
  amount!: number;

  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ enum: PAYOUT_STATUSES, example: 'requested' })
  status!: PayoutStatus;

  @ApiProperty({
    enum: PAYOUT_NETWORKS,
    example: 'mtn',
    description: 'As the payout account was when requested',
  })
  provider!: PayoutNetwork;

  @ApiProperty({ example: '+256772123456' })
  phone!: string;

  @ApiProperty({ example: 'Grace Nakato' })
  accountName!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The mobile-money transaction id, once paid',
  })
  reference!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it failed, once failed' })
  failureReason!: string | null;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  requestedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  paidAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  failedAt!: string | null;
}

export class AdminPayoutDto extends PayoutDto {
  @ApiProperty({ format: 'uuid', example: '0b9a3c4e-2f1d-4c1b-9a57-3d2f6e1b8c90' })
  professionalId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: null,
    description: 'The admin who recorded it paid or failed',
  })
  processedBy!: string | null;
}

export class PayoutPageDto extends PageOf(PayoutDto) {}

export class AdminPayoutPageDto extends PageOf(AdminPayoutDto) {}

export class AdminPayoutQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: PAYOUT_STATUSES,
    description: 'Only payouts in this state (the queue: requested)',
  })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;
}

export class MarkPayoutPaidDto {
  @ApiProperty({
    example: '79123456789',
    description: 'The mobile-money transaction id of the transfer you made',
    minLength: 3,
    maxLength: 100,
  })
  @Trim()
  @IsString()
  @Length(3, 100)
  reference!: string;
}

export class MarkPayoutFailedDto {
  @ApiProperty({
    example: 'The number is not registered for mobile money.',
    description: 'Shown to the professional',
    minLength: 3,
    maxLength: 255,
  })
  @Trim()
  @IsString()
  @Length(3, 255)
  reason!: string;
}
