import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { IsUgandanMobile } from '../../../common/phone/uganda-phone.js';
import { IsOptionalNotNull } from '../../../common/validation/optional.js';

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Grace Nakato Mukasa', minLength: 2, maxLength: 100 })
  @IsOptionalNotNull()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '+256 701 234 567', maxLength: 30 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(30)
  @IsUgandanMobile()
  phone?: string;

  @ApiPropertyOptional({
    example: false,
    description: 'Email me notifications too (in-app ones always exist)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  emailNotifications?: boolean;
}

export class DeleteMeDto {
  @ApiProperty({ example: 'correct-horse-battery', description: 'Your password, to confirm', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class DataExportDto {
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' })
  exportedAt!: string;

  @ApiProperty({
    description: 'Everything stored on the account, consent included',
    type: 'object',
    additionalProperties: true,
    example: { id: '…', name: 'Grace Nakato', email: 'grace@example.ug', consentVersion: '2026-11-v1' },
  })
  account!: Record<string, unknown>;

  @ApiProperty({
    description: 'Login sessions (device, address, times)',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  sessions!: Record<string, unknown>[];

  @ApiProperty({
    description: 'Security events you performed',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  auditLog!: Record<string, unknown>[];

  @ApiProperty({
    description: 'Emails sent to you',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  emails!: Record<string, unknown>[];

  @ApiProperty({
    description: 'Your professional or institution profile (null without one)',
    nullable: true,
    type: 'object',
    additionalProperties: true,
  })
  profile!: Record<string, unknown> | null;

  @ApiProperty({
    description: 'Documents you uploaded (metadata; download each from /professional/documents/{id}/file)',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  documents!: Record<string, unknown>[];

  @ApiProperty({
    description: 'Where your payouts go (professionals), or null',
    type: 'object',
    nullable: true,
    additionalProperties: true,
  })
  payoutAccount!: Record<string, unknown> | null;

  @ApiProperty({
    description: 'Payouts you requested (professionals), oldest first',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  payouts!: Record<string, unknown>[];

  @ApiProperty({
    description:
      'Shifts you were booked for: confirmation, check-in and check-out times, no-show (professionals)',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  shifts!: Record<string, unknown>[];

  @ApiProperty({
    description: 'Timesheets you submitted (professionals)',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  timesheets!: Record<string, unknown>[];
}
