import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { Trim } from '../../../common/validation/trim.js';
import { PROFESSIONS, type Profession } from '../../catalogue/professions.js';
import { TIME_OF_DAY } from '../../professionals/availability.js';
import { MAX_RATE_UGX } from '../../professionals/dto/professional-profile.dto.js';
import { normaliseSkill } from '../../professionals/skill-tags.js';
import { JOB_STATUSES, type JobStatus } from '../job-status.js';
import { isCalendarDate } from '../kampala-time.js';
import { RATE_TYPES, type RateType } from '../job.entity.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real day as YYYY-MM-DD: 2026-02-30 or 0000-01-01 would fail as a SQL date, so they fail here. */
const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      defaultMessage: () => 'must be a calendar date as YYYY-MM-DD, e.g. 2026-12-01',
    },
  });

export class CreateJobDto {
  @ApiProperty({ enum: PROFESSIONS, example: 'teacher' })
  @IsIn(PROFESSIONS, { message: `must be one of: ${PROFESSIONS.join(', ')}` })
  role!: Profession;

  @ApiProperty({ example: 'P.6 mathematics substitute', minLength: 3, maxLength: 150 })
  @Trim()
  @IsString()
  @Length(3, 150)
  title!: string;

  @ApiProperty({
    example: 'Cover four lessons of P.6 mathematics; lesson plans are ready in the staff room.',
    maxLength: 5000,
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 2, maxLength: 50 },
    example: ['mathematics'],
    description: 'Up to 20, stored lower case',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? normaliseSkill(v) : v)) : value,
  )
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(2, 50, { each: true, message: 'each skill must be 2 to 50 characters long' })
  requiredSkills?: string[];

  @ApiProperty({ example: '2027-03-15', format: 'date', description: 'Kampala date, today or later' })
  @IsString()
  @Matches(DATE, { message: 'must be a date as YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: '08:00', description: 'HH:MM Kampala time', pattern: TIME_OF_DAY.source })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. 08:00' })
  startTime!: string;

  @ApiProperty({
    example: '13:00',
    description: 'HH:MM, after startTime (24:00 for midnight)',
    pattern: TIME_OF_DAY.source,
  })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. 17:00' })
  endTime!: string;

  @ApiProperty({ example: 15000, minimum: 1, maximum: MAX_RATE_UGX, description: 'Whole UGX' })
  @IsInt()
  @Min(1, { message: 'must be more than 0' })
  @Max(MAX_RATE_UGX)
  rate!: number;

  @ApiProperty({ enum: RATE_TYPES, example: 'hourly' })
  @IsIn(RATE_TYPES, { message: `must be one of: ${RATE_TYPES.join(', ')}` })
  rateType!: RateType;

  @ApiPropertyOptional({
    example: 'Wakiso',
    description: "Defaults to your profile's district",
    maxLength: 100,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({
    example: 'Plot 12, Entebbe Road, Kisubi',
    description: "Defaults to your profile's address; shown only to the assigned professional",
    maxLength: 300,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  address?: string;
}

/** Every field may be left out; null is refused (a title or rate cannot be cleared). */
export class UpdateJobDto extends PartialType(CreateJobDto, { skipNullProperties: false }) {}

export class CancelJobDto {
  @ApiProperty({ example: 'The class was merged with P.6 East for the day.', minLength: 3, maxLength: 500 })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class JobDiscoveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'Kampala', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({
    example: '2027-03-01',
    format: 'date',
    description: 'Earliest job date (inclusive)',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2027-03-31', format: 'date', description: 'Latest job date (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ example: 10000, description: 'Minimum rate in UGX' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_RATE_UGX)
  minRate?: number;
}

export class JobListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}
