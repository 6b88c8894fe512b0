import type { RatingRow } from './ratings.repository.js';
import type { RatingDto } from './ratings.dto.js';

export function toRatingDto(row: RatingRow): RatingDto {
  return {
    id: row.id,
    jobId: row.job_id,
    stars: row.stars,
    comment: row.comment,
    raterName: row.rater_name,
    visibleAt: row.visible_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
