import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { PageOf } from '../../common/pagination/page.dto.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { Trim } from '../../common/validation/trim.js';
import {
  DISPUTE_OPENER_ROLES,
  DISPUTE_OUTCOMES,
  DISPUTE_STATUSES,
  type DisputeOpenerRole,
  type DisputeOutcome,
  type DisputeStatus,
} from './dispute-status.js';

export class OpenDisputeDto {
  @ApiProperty({
    example: 'The nurse left at noon',
    description: 'What went wrong, in a line',
    minLength: 3,
    maxLength: 200,
  })
  @Trim()
  @IsString()
  @Length(3, 200)
  reason!: string;

  @ApiPropertyOptional({
    example:
      'The shift was 8:00–17:00; she signed out at 12:10 and the ward was short-staffed all afternoon.',
    description: 'Anything the admin deciding it should know',
    maxLength: 2000,
  })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 2000)
  details?: string;
}

export class ResolveDisputeDto {
  @ApiProperty({
    enum: DISPUTE_OUTCOMES,
    example: 'split',
    description:
      'release: the professional is paid as on completion; refund: all back to the institution; ' +
      'split: professionalAmount to the professional (commission on it only), the rest back to the institution',
  })
  @IsIn(DISPUTE_OUTCOMES, { message: `must be one of: ${DISPUTE_OUTCOMES.join(', ')}` })
  outcome!: DisputeOutcome;

  @ApiPropertyOptional({
    example: 50_000,
    minimum: 1,
    description:
      'UGX the professional gets, before commission: required for split, above 0 and below the job amount; left out otherwise',
  })
  @ValidateIf((dto: ResolveDisputeDto) => dto.professionalAmount !== undefined)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  professionalAmount?: number;

  @ApiProperty({
    example: 'The nurse worked the morning; the ward confirms she left at noon. Split by the hours worked.',
    description: 'Why: both parties see it',
    minLength: 3,
    maxLength: 1000,
  })
  @Trim()
  @IsString()
  @Length(3, 1000)
  note!: string;
}

export class DisputeQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DISPUTE_STATUSES, default: 'open', example: 'open' })
  @IsOptional()
  @IsIn(DISPUTE_STATUSES)
  status: DisputeStatus = 'open';
}

export class DisputeDto {
  @ApiProperty({ format: 'uuid', example: '6a1f0c3e-2b4d-4e5f-8a9b-0c1d2e3f4a5b' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: '8d7f5a2e-1c3b-4e6f-9a0b-2c4d6e8f0a1b' })
  jobId!: string;

  @ApiProperty({ example: 'Night nurse, maternity ward' })
  jobTitle!: string;

  @ApiProperty({ enum: DISPUTE_STATUSES, example: 'open' })
  status!: DisputeStatus;

  @ApiProperty({ example: 'The nurse left at noon' })
  reason!: string;

  @ApiProperty({ type: String, nullable: true, example: 'She signed out at 12:10.' })
  details!: string | null;

  @ApiProperty({ format: 'uuid', description: 'The user who opened it' })
  openedBy!: string;

  @ApiProperty({ enum: DISPUTE_OPENER_ROLES, example: 'institution' })
  openedByRole!: DisputeOpenerRole;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ enum: DISPUTE_OUTCOMES, nullable: true, example: null, description: 'null while open' })
  outcome!: DisputeOutcome | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: 'What a split gave the professional before commission (UGX); null otherwise',
  })
  professionalAmount!: number | null;

  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: "The admin's reasons" })
  note!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  resolvedBy!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  resolvedAt!: string | null;
}

export class DisputeListDto {
  @ApiProperty({ type: [DisputeDto] })
  items!: DisputeDto[];
}

export class DisputePageDto extends PageOf(DisputeDto) {}
