import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/auth-context.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { PageOf } from '../../common/pagination/page.dto.js';
import { Trim } from '../../common/validation/trim.js';
import { JOB_STATUSES, type JobStatus } from '../jobs/job-status.js';
import type { PaymentStatus } from '../payments/payment-status.js';
import { SUSPENSION_CATEGORIES, type SuspensionCategory, type UserStatus } from '../users/user.types.js';

/** The longest strict ISO 8601 timestamp, 2026-11-01T00:00:00.123456789+03:00, with room to spare. */
const MAX_ISO_8601_LENGTH = 40;
/**
 * The ISO 8601 forms PostgreSQL reads as a timestamptz: a calendar date, optionally with a time and an
 * offset. Week dates (2026-W01) and ordinal dates pass IsISO8601 but fail in SQL, so they are refused.
 */
const CALENDAR_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const IsDateOrTime = (): PropertyDecorator =>
  applyDecorators(
    MaxLength(MAX_ISO_8601_LENGTH),
    IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' }),
    Matches(CALENDAR_DATE_TIME, {
      message: 'must be a date (2026-11-01) or a date and time (2026-11-01T08:00:00+03:00)',
    }),
  );

export class DateRangeQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00+03:00',
    description: 'From (inclusive), ISO 8601',
    maxLength: MAX_ISO_8601_LENGTH,
  })
  @IsOptional()
  @IsDateOrTime()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00+03:00',
    description: 'To (exclusive), ISO 8601',
    maxLength: MAX_ISO_8601_LENGTH,
  })
  @IsOptional()
  @IsDateOrTime()
  to?: string;
}

class JobCountsDto {
  @ApiProperty({ example: 120 }) posted!: number;
  @ApiProperty({ example: 14 }) open!: number;
  @ApiProperty({ example: 9 }) accepted!: number;
  @ApiProperty({ example: 6 }) paid!: number;
  @ApiProperty({ example: 80 }) completed!: number;
  @ApiProperty({ example: 7 }) cancelled!: number;
  @ApiProperty({ example: 4 }) expired!: number;
}

class PaymentCountsDto {
  @ApiProperty({ example: 95 }) count!: number;
  @ApiProperty({ example: 11475000, description: 'Sum of completed payments, whole UGX' })
  completedAmount!: number;
  @ApiProperty({ example: 3 }) pending!: number;
  @ApiProperty({ example: 5 }) failed!: number;
}

class UserCountsDto {
  @ApiProperty({ example: 410 }) professionals!: number;
  @ApiProperty({ example: 57 }) institutions!: number;
  @ApiProperty({ example: 302 }) verifiedProfessionals!: number;
  @ApiProperty({ example: 2 }) suspended!: number;
}

export class MetricsDto {
  @ApiProperty({ type: JobCountsDto, description: 'Jobs created in the range, by current status' })
  jobs!: JobCountsDto;

  @ApiProperty({ type: PaymentCountsDto, description: 'Payments created in the range' })
  payments!: PaymentCountsDto;

  @ApiProperty({ type: UserCountsDto, description: 'Current accounts (not limited by the range)' })
  users!: UserCountsDto;
}

export class UserSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['active', 'suspended', 'deleted'] })
  @IsOptional()
  @IsIn(['active', 'suspended', 'deleted'])
  status?: UserStatus;

  @ApiPropertyOptional({
    example: 'nakato',
    description: 'Part of the name, email or phone, any case',
    minLength: 2,
    maxLength: 100,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 100)
  q?: string;
}

export class AdminUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Grace Nakato' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'grace@example.ug' }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+256772123456' }) phone!: string | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: ['active', 'suspended', 'deleted'] }) status!: UserStatus;
  @ApiProperty({ example: true }) emailVerified!: boolean;
  @ApiProperty({ nullable: true, enum: SUSPENSION_CATEGORIES })
  suspensionCategory!: SuspensionCategory | null;
  @ApiProperty({ type: String, nullable: true, example: null }) suspensionNote!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) suspendedAt!: string | null;
  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' }) createdAt!: string;
}

export class AdminUserPageDto extends PageOf(AdminUserDto) {}

export class SuspendUserDto {
  @ApiProperty({
    example: 'Three no-shows in November; see tickets 412, 419, 430.',
    description: 'Internal note for admins; never shown to the user',
    minLength: 3,
    maxLength: 500,
  })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason!: string;

  @ApiPropertyOptional({
    enum: SUSPENSION_CATEGORIES,
    default: 'policy_violation',
    description: 'Shown to the user at login',
  })
  @IsOptional()
  @IsIn(SUSPENSION_CATEGORIES)
  category?: SuspensionCategory;
}

export class AdminJobQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class AdminPaymentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'completed', 'failed', 'reversed', 'expired'] })
  @IsOptional()
  @IsIn(['pending', 'completed', 'failed', 'reversed', 'expired'])
  status?: PaymentStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  jobId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+03:00', maxLength: MAX_ISO_8601_LENGTH })
  @IsOptional()
  @IsDateOrTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+03:00', maxLength: MAX_ISO_8601_LENGTH })
  @IsOptional()
  @IsDateOrTime()
  to?: string;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who did it' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({
    example: 'document.downloaded',
    description: 'Exact action, or a prefix ending in "."',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '1042' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'user.suspended' }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'user' }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '197.239.4.18' }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: {} }) details!: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' }) at!: string;
}

export class AuditPageDto extends PageOf(AuditEntryDto) {}
