import type { ReliabilityDto } from './reliability.dto.js';
import type { ReliabilityCounts } from './reliability-score.js';

export function toReliabilityDto(counts: ReliabilityCounts, blockedUntil: Date | null): ReliabilityDto {
  return {
    score: counts.score,
    bookedShifts: counts.bookedShifts,
    lateWithdrawals: counts.lateWithdrawals,
    noShows: counts.noShows,
    ...(blockedUntil && { blockedUntil: blockedUntil.toISOString() }),
  };
}
