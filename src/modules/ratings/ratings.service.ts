import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { JobAssignee } from '../jobs/job-assignee.entity.js';
import { Job } from '../jobs/job.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Rating } from './rating.entity.js';
import type { CreateRatingDto, RatingDto, RatingPageDto } from './ratings.dto.js';

export const RATING_WINDOW_DAYS = 14;

interface RatingRow {
  id: string;
  job_id: string;
  stars: number;
  comment: string | null;
  rater_name: string;
  visible_at: Date | null;
  created_at: Date;
}

/**
 * Double-blind ratings between a job's institution and its professional. A rating is stored hidden; it
 * becomes visible, and counts in the ratee's average, when the other side has rated too or when the
 * window closes (RatingRevealWorker). Reveals and average updates happen in one transaction.
 */
@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async rate(
    caller: AuthContext,
    jobId: string,
    dto: CreateRatingDto,
    meta: RequestMeta,
  ): Promise<RatingDto> {
    const id = await this.dataSource.transaction(async (em) => {
      // The job row lock orders the two sides' ratings, so the second one always sees the first.
      const job = await em.findOne(Job, { where: { id: jobId }, lock: { mode: 'pessimistic_write' } });
      const assignee = job ? await em.findOneBy(JobAssignee, { jobId }) : null;
      const isInstitution = caller.role === 'institution' && job?.institutionId === caller.userId;
      const isProfessional = caller.role === 'professional' && assignee?.professionalId === caller.userId;
      if (!job || (!isInstitution && !isProfessional)) {
        throw new DomainError(
          'NOT_FOUND',
          'No job of yours with this id: only its institution and professional rate it.',
        );
      }
      if (job.status !== 'completed' || !job.completedAt || !assignee) {
        throw new DomainError(
          'RATING_NOT_OPEN',
          `Jobs can be rated once completed; this one is ${job.status}.`,
        );
      }
      const windowClosesAt = new Date(job.completedAt.getTime() + RATING_WINDOW_DAYS * 86_400_000);
      if (windowClosesAt <= new Date()) {
        throw new DomainError(
          'RATING_WINDOW_CLOSED',
          `Ratings close ${RATING_WINDOW_DAYS} days after completion.`,
        );
      }
      const rating = await em.save(
        em.create(Rating, {
          jobId,
          raterId: caller.userId,
          rateeId: isInstitution ? assignee.professionalId : job.institutionId,
          rateeRole: isInstitution ? 'professional' : 'institution',
          stars: dto.stars,
          comment: dto.comment ?? null,
          windowClosesAt,
        }),
      );
      const other = await em.findOne(Rating, { where: { jobId, raterId: rating.rateeId } });
      if (other) await this.reveal(em, [rating, other]);
      await this.audit.record(
        { action: 'rating.created', actorId: caller.userId, target: { type: 'job', id: jobId }, meta },
        em,
      );
      return rating.id;
    });
    const [row] = await this.dataSource.query<RatingRow[]>(`${RATING_SELECT} WHERE r.id = $1`, [id]);
    return toRatingDto(row);
  }

  /** Visible ratings of a user, newest first. */
  async listFor(
    rateeId: string,
    rateeRole: 'professional' | 'institution',
    limit: number,
    cursor?: string,
  ): Promise<RatingPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.dataSource.query<RatingRow[]>(
      `${RATING_SELECT}
        WHERE r.ratee_id = $1 AND r.ratee_role = $2 AND r.visible_at IS NOT NULL
          AND ($3::timestamptz IS NULL OR (r.visible_at, r.id) < ($3::timestamptz, $4::uuid))
        ORDER BY r.visible_at DESC, r.id DESC
        LIMIT $5`,
      [rateeId, rateeRole, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.visible_at!.toISOString(), row.id], toRatingDto);
  }

  /**
   * Makes ratings visible, adds them to their ratees' averages and tells each ratee, in the caller's
   * transaction. Ratings already visible are skipped, so a reveal can never count twice.
   */
  async reveal(em: EntityManager, ratings: Rating[]): Promise<void> {
    for (const rating of ratings) {
      const [revealed]: [{ id: string }[], number] = await em.query(
        `UPDATE ratings SET visible_at = now() WHERE id = $1 AND visible_at IS NULL RETURNING id`,
        [rating.id],
      );
      if (revealed.length === 0) continue;
      const table = rating.rateeRole === 'professional' ? 'professionals' : 'institutions';
      await em.query(
        `UPDATE ${table} SET rating_total = rating_total + $2, rating_count = rating_count + 1 WHERE user_id = $1`,
        [rating.rateeId, rating.stars],
      );
      await this.notifications.notify(em, {
        userId: rating.rateeId,
        type: 'rating.received',
        title: `You received a ${rating.stars}-star rating`,
        body: rating.comment ? `“${rating.comment}”` : 'See it on your profile.',
        data: { ratingId: rating.id, jobId: rating.jobId, stars: rating.stars },
        dedupeKey: `rating.received:${rating.id}`,
      });
    }
  }
}

const RATING_SELECT = `
  SELECT r.id, r.job_id, r.stars, r.comment, r.visible_at, r.created_at,
         CASE WHEN r.ratee_role = 'professional' THEN coalesce(i.name, u.name) ELSE u.name END AS rater_name
    FROM ratings r
    JOIN users u ON u.id = r.rater_id
    LEFT JOIN institutions i ON i.user_id = r.rater_id`;

function toRatingDto(row: RatingRow): RatingDto {
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
