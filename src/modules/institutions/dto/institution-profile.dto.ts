import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsUgandanMobile } from '../../../common/phone/uganda-phone.js';
import { Trim } from '../../../common/validation/trim.js';
import { INSTITUTION_TYPES, type InstitutionType } from '../institution.entity.js';

export class InstitutionProfileInputDto {
  @ApiProperty({ example: 'St. Mary’s Primary School, Kisubi', minLength: 2, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ enum: INSTITUTION_TYPES, example: 'school' })
  @IsIn(INSTITUTION_TYPES, { message: `must be one of: ${INSTITUTION_TYPES.join(', ')}` })
  type!: InstitutionType;

  @ApiProperty({ example: 'Plot 12, Entebbe Road, Kisubi', maxLength: 300 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  address!: string;

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

  @ApiProperty({ example: 'Sarah Namukasa', minLength: 2, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(2, 100)
  contactPerson!: string;

  @ApiProperty({ example: '0772 123 456', description: 'Ugandan mobile; stored as E.164', maxLength: 30 })
  @IsString()
  @MaxLength(30)
  @IsUgandanMobile()
  contactPhone!: string;

  @ApiPropertyOptional({ example: 'office@stmarys-kisubi.ug', maxLength: 254 })
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  contactEmail?: string;
}

export class InstitutionProfileDto {
  @ApiProperty({ format: 'uuid', example: '5d0c9d43-6a4e-4c1b-8a57-3d2f6e1b8c90' })
  id!: string;

  @ApiProperty({ example: 'St. Mary’s Primary School, Kisubi' })
  name!: string;

  @ApiProperty({ enum: INSTITUTION_TYPES, example: 'school' })
  type!: InstitutionType;

  @ApiProperty({ example: 'Plot 12, Entebbe Road, Kisubi' })
  address!: string;

  @ApiProperty({ example: 'Wakiso' })
  district!: string;

  @ApiProperty({ example: 'Sarah Namukasa' })
  contactPerson!: string;

  @ApiProperty({ example: '+256772123456' })
  contactPhone!: string;

  @ApiProperty({ type: String, nullable: true, example: 'office@stmarys-kisubi.ug' })
  contactEmail!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 4.2 })
  ratingAverage!: number | null;

  @ApiProperty({ example: 7 })
  ratingCount!: number;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  updatedAt!: string;
}

/** What professionals see: no street address or contact details (a household's address is personal). */
export class InstitutionPublicDto extends PickType(InstitutionProfileDto, [
  'id',
  'name',
  'type',
  'district',
  'ratingAverage',
  'ratingCount',
] as const) {}
