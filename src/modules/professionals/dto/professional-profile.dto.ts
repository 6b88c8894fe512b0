import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
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
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../../common/validation/trim.js';
import { PROFESSIONS, type Profession } from '../../catalogue/professions.js';
import { TIME_OF_DAY } from '../availability.js';
import { ReliabilityDto } from '../../reliability/reliability.dto.js';
import { normaliseSkill } from '../skill-tags.js';

/** A sane ceiling for one day's or hour's pay in UGX; above it is a typing mistake. */
export const MAX_RATE_UGX = 10_000_000;
export const MAX_SKILLS = 30;
export const MAX_BIO_LENGTH = 2000;

export class AvailabilitySlotDto {
  @ApiProperty({ minimum: 0, maximum: 6, example: 1, description: '0 = Sunday … 6 = Saturday' })
  @IsInt()
  @Min(0)
  @Max(6)
  weekday!: number;

  @ApiProperty({ example: '08:00', description: 'HH:MM, Kampala time', pattern: TIME_OF_DAY.source })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. 08:00' })
  start!: string;

  @ApiProperty({
    example: '17:00',
    description: 'HH:MM, after start; 24:00 for midnight',
    pattern: TIME_OF_DAY.source,
  })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. 17:00 (24:00 for midnight)' })
  end!: string;
}

export class ProfessionalProfileInputDto {
  @ApiProperty({ enum: PROFESSIONS, example: 'nurse' })
  @IsIn(PROFESSIONS, { message: `must be one of: ${PROFESSIONS.join(', ')}` })
  profession!: Profession;

  @ApiPropertyOptional({
    example: 'Registered nurse with eight years on paediatric and maternity wards at Mulago.',
    maxLength: MAX_BIO_LENGTH,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty; leave bio out instead' })
  @MaxLength(MAX_BIO_LENGTH)
  bio?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 2, maxLength: 50 },
    example: ['paediatric nursing', 'iv cannulation', 'wound care'],
    description: `Up to ${MAX_SKILLS}; catalogue names (GET /catalogue/skills) or your own tags, stored lower case`,
  })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? normaliseSkill(v) : v)) : value,
  )
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @IsString({ each: true })
  @Length(2, 50, { each: true, message: 'each skill must be 2 to 50 characters long' })
  skills!: string[];

  @ApiProperty({ minimum: 0, maximum: 60, example: 8 })
  @IsInt()
  @Min(0)
  @Max(60)
  experienceYears!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RATE_UGX, example: 15000, description: 'Whole UGX' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_UGX)
  hourlyRate?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RATE_UGX, example: 90000, description: 'Whole UGX' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_UGX)
  dailyRate?: number;

  @ApiProperty({
    example: 'Wakiso',
    description: 'One of GET /catalogue/districts (any letter case)',
    maxLength: 100,
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  district!: string;

  @ApiProperty({ type: [AvailabilitySlotDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilitySlotDto)
  availability!: AvailabilitySlotDto[];
}

export class ProfessionalProfileDto {
  @ApiProperty({ format: 'uuid', example: '0b9a3c4e-2f1d-4c1b-9a57-3d2f6e1b8c90' })
  id!: string;

  @ApiProperty({ enum: PROFESSIONS, example: 'nurse' })
  profession!: Profession;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Registered nurse with eight years on paediatric wards.',
  })
  bio!: string | null;

  @ApiProperty({ type: [String], example: ['paediatric nursing', 'wound care'] })
  skills!: string[];

  @ApiProperty({ example: 8 })
  experienceYears!: number;

  @ApiProperty({ type: Number, nullable: true, example: 15000 })
  hourlyRate!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 90000 })
  dailyRate!: number | null;

  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ example: 'Wakiso' })
  district!: string;

  @ApiProperty({ type: [AvailabilitySlotDto] })
  availability!: AvailabilitySlotDto[];

  @ApiProperty({ example: false, description: 'Holds approved documents of every type the profession needs' })
  verified!: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 4.5,
    description: 'Mean of visible ratings; null before any',
  })
  ratingAverage!: number | null;

  @ApiProperty({ example: 12 })
  ratingCount!: number;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  updatedAt!: string;
}

/** What institutions and admins see of a professional: no contact details, no bio or availability. */
export class ProfessionalPublicDto extends PickType(ProfessionalProfileDto, [
  'id',
  'profession',
  'skills',
  'experienceYears',
  'hourlyRate',
  'dailyRate',
  'currency',
  'district',
  'verified',
  'ratingAverage',
  'ratingCount',
] as const) {
  @ApiProperty({ example: 'Grace Nakato' })
  name!: string;

  @ApiProperty({ type: ReliabilityDto, description: 'How reliably they turn up for booked shifts' })
  reliability!: ReliabilityDto;
}
