import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { PageOf } from '../../common/pagination/page.dto.js';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'job.accepted', description: 'What happened; clients switch on it' })
  type!: string;

  @ApiProperty({ example: '“P.6 mathematics substitute” was accepted' })
  title!: string;

  @ApiProperty({ example: 'A verified professional accepted your job. Pay for it to confirm the booking.' })
  body!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { jobId: '8d7f5a2e-1c3b-4e6f-9a0b-2c4d6e8f0a1b' },
    description: 'Ids of the subject',
  })
  data!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, example: null })
  readAt!: string | null;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  createdAt!: string;
}

export class NotificationPageDto extends PageOf(NotificationDto) {}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only unread; false: only read' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  unread?: boolean;
}
