import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { IsUgandanMobile } from '../../../common/phone/uganda-phone.js';
import { Trim } from '../../../common/validation/trim.js';
import type { PreferredMethod } from '../payment.entity.js';
import type { PaymentStatus } from '../payment-status.js';
import { PageOf } from '../../../common/pagination/page.dto.js';

const STATUSES = ['pending', 'completed', 'failed', 'reversed', 'expired'] as const;

export class InitiatePaymentDto {
  @ApiProperty({ format: 'uuid', example: '8d7f5a2e-1c3b-4e6f-9a0b-2c4d6e8f0a1b' })
  @IsUUID()
  jobId!: string;

  @ApiPropertyOptional({
    enum: ['mobile_money', 'card'],
    example: 'mobile_money',
    description: 'What the payer intends to use; the choice is made on PesaPal’s page',
  })
  @IsOptional()
  @IsIn(['mobile_money', 'card'])
  method?: PreferredMethod;

  @ApiPropertyOptional({
    example: '0772 123 456',
    description: 'Mobile money number to pre-fill at PesaPal',
    maxLength: 30,
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @IsUgandanMobile()
  phone?: string;
}

export class InitiatedPaymentDto {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'b8f1d0c2-7c57-4e7a-9a43-0e0a0f7a1c11',
    description: 'null when the institution’s credit paid for all of it (no PesaPal order)',
  })
  orderTrackingId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://cybqa.pesapal.com/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=b8f1d0c2-…',
    description:
      'Send the payer’s browser here (or show it in an iframe); null when credit paid for all of it',
  })
  redirectUrl!: string | null;

  @ApiProperty({
    enum: STATUSES,
    example: 'pending',
    description:
      'pending: pay at redirectUrl; completed: the institution’s credit covered the job, which is paid',
  })
  status!: PaymentStatus;
}

export class TransactionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  jobId!: string;

  @ApiProperty({ example: 135000, description: 'Whole UGX' })
  amount!: number;

  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ enum: STATUSES, example: 'completed' })
  status!: PaymentStatus;

  @ApiProperty({ type: String, nullable: true, example: 'MTNUG', description: 'As PesaPal reports it' })
  paymentMethod!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'MTN2611240915A' })
  confirmationCode!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'b8f1d0c2-7c57-4e7a-9a43-0e0a0f7a1c11' })
  pesapalOrderTrackingId!: string | null;

  @ApiProperty({ nullable: true, enum: ['requesting', 'requested', 'refused', 'refunded'], example: null })
  refundStatus!: string | null;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-24T09:02:00.000Z' })
  updatedAt!: string;
}

export class TransactionPageDto extends PageOf(TransactionDto) {}

export class TransactionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: PaymentStatus;
}

export class RefundDto {
  @ApiPropertyOptional({
    example: 135000,
    description:
      'Whole UGX, at most the amount paid; default the full amount. Mobile money refunds are full only.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000_000)
  amount?: number;

  @ApiProperty({ example: 'Job cancelled by the school; refund in full.', minLength: 3, maxLength: 255 })
  @Trim()
  @IsString()
  @Length(3, 255)
  remarks!: string;
}

export class RefundAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({
    enum: ['requesting', 'requested', 'refused'],
    example: 'requested',
    description:
      'requested: PesaPal accepted the RefundRequest (the payment becomes reversed when it is processed); ' +
      'requesting: recorded, PesaPal did not answer yet and is asked again automatically; ' +
      'refused: PesaPal declined it (message says why) — the job stays cancelled, and an admin may ask again.',
  })
  refundStatus!: 'requesting' | 'requested' | 'refused';

  @ApiProperty({ example: 'Refund request successfully received.' })
  message!: string;
}

/** What PesaPal expects back from the IPN URL. */
export class IpnAcknowledgementDto {
  @ApiProperty({ example: 'IPNCHANGE' })
  orderNotificationType!: string;

  @ApiProperty({ example: 'b8f1d0c2-7c57-4e7a-9a43-0e0a0f7a1c11' })
  orderTrackingId!: string;

  @ApiProperty({ example: 'QG-5f0c…' })
  orderMerchantReference!: string;

  @ApiProperty({ enum: [200, 500], example: 200, description: '500: not processed, PesaPal should retry' })
  status!: number;
}
