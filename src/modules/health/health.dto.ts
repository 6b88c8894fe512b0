import { ApiProperty } from '@nestjs/swagger';

export class LivenessResponseDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

export class ReadinessResponseDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { status: { type: 'string', example: 'up' } } },
    example: { database: { status: 'up' } },
    description: 'Each dependency checked',
  })
  checks!: Record<string, { status: string }>;
}
