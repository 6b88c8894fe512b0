import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Rating } from './rating.entity.js';

export type NewRating = Pick<
  Rating,
  'jobId' | 'raterId' | 'rateeId' | 'rateeRole' | 'stars' | 'comment' | 'windowClosesAt'
>;

/** A rating as the API shows it, with the rater's display name. */
export interface RatingRow {
  id: string;
  job_id: string;
  stars: number;
  comment: string | null;
  rater_name: string;
  visible_at: Date | null;
  created_at: Date;
}

// The rater's display name is read from `users` and `institutions` (read only): an institution rates under
// its institution name, a professional under their own.
const RATING_SELECT = `
  SELECT r.id, r.job_id, r.stars, r.comment, r.visible_at, r.created_at,
         CASE WHEN r.ratee_role = 'professional' THEN coalesce(i.name, u.name) ELSE u.name END AS rater_name
    FROM ratings r
    JOIN users u ON u.id = r.rater_id
    LEFT JOIN institutions i ON i.user_id = r.rater_id`;

/** The only code that touches `ratings`. */
@Injectable()
export class RatingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stored hidden; a second rating of the same job by the same rater hits a unique index (409). */
  insertHidden(em: EntityManager, rating: NewRating): Promise<Rating> {
    return em.save(em.create(Rating, rating));
  }

  findByJobAndRater(em: EntityManager, jobId: string, raterId: string): Promise<Rating | null> {
    return em.findOne(Rating, { where: { jobId, raterId } });
  }

  /** Makes a hidden rating visible; false when it already was, so a reveal never counts twice. */
  async revealIfHidden(em: EntityManager, id: string): Promise<boolean> {
    const [revealed]: [{ id: string }[], number] = await em.query(
      `UPDATE ratings SET visible_at = now() WHERE id = $1 AND visible_at IS NULL RETURNING id`,
      [id],
    );
    return revealed.length > 0;
  }

  /** Hidden ratings whose window has closed, oldest first, locked; rows another instance holds are skipped. */
  claimDueForReveal(em: EntityManager, limit: number): Promise<Rating[]> {
    return em
      .createQueryBuilder(Rating, 'r')
      .where('r.visible_at IS NULL AND r.window_closes_at <= now()')
      .orderBy('r.window_closes_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async findRow(id: string): Promise<RatingRow | undefined> {
    const [row] = await this.dataSource.query<RatingRow[]>(`${RATING_SELECT} WHERE r.id = $1`, [id]);
    return row;
  }

  /** Visible ratings of a ratee, newest first (keyset on visible_at, id). */
  listVisiblePage(
    rateeId: string,
    rateeRole: 'professional' | 'institution',
    limit: number,
    after: readonly [string, string] | undefined,
  ): Promise<RatingRow[]> {
    return this.dataSource.query<RatingRow[]>(
      `${RATING_SELECT}
        WHERE r.ratee_id = $1 AND r.ratee_role = $2 AND r.visible_at IS NOT NULL
          AND ($3::timestamptz IS NULL OR (r.visible_at, r.id) < ($3::timestamptz, $4::uuid))
        ORDER BY r.visible_at DESC, r.id DESC
        LIMIT $5`,
      [rateeId, rateeRole, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
