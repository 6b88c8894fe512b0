import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** How reliably a professional turns up for the shifts they book. */
export class ReliabilityDto {
  @ApiProperty({
    example: 0.95,
    description:
      'Share of the last 20 booked shifts that ended (completed, withdrawn late or not attended) completed ' +
      'without a late withdrawal or a no-show; 1 for a newcomer',
  })
  score!: number;

  @ApiProperty({ example: 20, description: 'Shifts booked in all' })
  bookedShifts!: number;

  @ApiProperty({ example: 1, description: 'Withdrawals less than 24 hours before the start' })
  lateWithdrawals!: number;

  @ApiProperty({ example: 0, description: 'Shifts not attended (overturned ones excluded)' })
  noShows!: number;

  @ApiPropertyOptional({
    example: '2026-12-14T09:30:00.000Z',
    description: 'Set while the professional may not accept jobs (3 no-shows in 90 days): until when',
  })
  blockedUntil?: string;
}

/** POST /admin/professionals/{id}/unblock. */
export class UnblockResultDto {
  @ApiProperty({ example: '3f2b8a9e-5c1d-4e7f-9a2b-6c8d0e1f2a3b' })
  professionalId!: string;

  @ApiProperty({ example: 1, description: 'Blocks lifted now (0: none was in force)' })
  lifted!: number;

  @ApiProperty({ type: ReliabilityDto })
  reliability!: ReliabilityDto;
}
