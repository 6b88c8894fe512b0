import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PROFESSIONS, type Profession } from './professions.js';

export class DistrictDto {
  @ApiProperty({ example: 'Wakiso' })
  name!: string;

  @ApiProperty({ enum: ['Central', 'Eastern', 'Northern', 'Western'], example: 'Central' })
  region!: string;
}

export class DistrictListDto {
  @ApiProperty({ type: [DistrictDto] })
  items!: DistrictDto[];
}

export class SkillDto {
  @ApiProperty({ enum: PROFESSIONS, example: 'nurse' })
  profession!: Profession;

  @ApiProperty({ example: 'wound care' })
  name!: string;
}

export class SkillListDto {
  @ApiProperty({ type: [SkillDto] })
  items!: SkillDto[];
}

export class SkillQueryDto {
  @ApiPropertyOptional({ enum: PROFESSIONS, example: 'nurse' })
  @IsOptional()
  @IsIn(PROFESSIONS)
  profession?: Profession;
}
