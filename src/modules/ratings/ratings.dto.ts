import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageOf } from '../../common/pagination/page.dto.js';
import { Trim } from '../../common/validation/trim.js';

export class CreateRatingDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  stars!: number;

  @ApiPropertyOptional({ example: 'Punctual, prepared and kind with the pupils.', maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty; leave comment out instead' })
  @MaxLength(1000)
  comment?: string;
}

export class RatingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  jobId!: string;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  stars!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Punctual, prepared and kind with the pupils.' })
  comment!: string | null;

  @ApiProperty({ example: 'St. Mary’s Primary School, Kisubi', description: 'Who rated' })
  raterName!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-26T09:00:00.000Z',
    description: 'null while hidden (double-blind)',
  })
  visibleAt!: string | null;

  @ApiProperty({ example: '2026-11-25T17:00:00.000Z' })
  createdAt!: string;
}

export class RatingPageDto extends PageOf(RatingDto) {}
