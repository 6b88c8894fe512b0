import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import { toRatingDto } from './rating.mapper.js';
import type { Rating } from './rating.entity.js';
import type { CreateRatingDto, RatingDto, RatingPageDto } from './ratings.dto.js';
import { RatingsRepository } from './ratings.repository.js';

export const RATING_WINDOW_DAYS = 14;

/**
 * Double-blind ratings between a job's institution and its professional. A rating is stored hidden; it
 * becomes visible, and counts in the ratee's average, when the other side has rated too or when the
 * window closes (RatingRevealWorker). Reveals and average updates happen in one transaction.
 */
@Injectable()
export class RatingsService {
  constructor(
    private readonly ratings: RatingsRepository,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobsService,
    private readonly professionals: ProfessionalsService,
    private readonly institutions: InstitutionsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async rate(
    caller: AuthContext,
    jobId: string,
    dto: CreateRatingDto,
    meta: RequestMeta,
  ): Promise<RatingDto> {
    const id = await this.transactions.run(async (em) => {
      // The job row lock orders the two sides' ratings, so the second one always sees the first.
      const job = await this.jobs.lockParticipants(em, jobId);
      const isInstitution = caller.role === 'institution' && job?.institutionId === caller.userId;
      const isProfessional = caller.role === 'professional' && job?.professionalId === caller.userId;
      if (!job || (!isInstitution && !isProfessional)) {
        throw new DomainError(
          'NOT_FOUND',
          'No job of yours with this id: only its institution and professional rate it.',
        );
      }
      if (job.status !== 'completed' || !job.completedAt || job.professionalId === null) {
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
      const rating = await this.ratings.insertHidden(em, {
        jobId,
        raterId: caller.userId,
        rateeId: isInstitution ? job.professionalId : job.institutionId,
        rateeRole: isInstitution ? 'professional' : 'institution',
        stars: dto.stars,
        comment: dto.comment ?? null,
        windowClosesAt,
      });
      const other = await this.ratings.findByJobAndRater(em, jobId, rating.rateeId);
      if (other) await this.reveal(em, [rating, other]);
      await this.audit.record(
        { action: 'rating.created', actorId: caller.userId, target: { type: 'job', id: jobId }, meta },
        em,
      );
      return rating.id;
    });
    return toRatingDto((await this.ratings.findRow(id))!);
  }

  /** Visible ratings of a user, newest first. */
  async listFor(
    rateeId: string,
    rateeRole: 'professional' | 'institution',
    limit: number,
    cursor?: string,
  ): Promise<RatingPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.ratings.listVisiblePage(rateeId, rateeRole, limit + 1, after);
    return toPage(rows, limit, (row) => [row.visible_at!.toISOString(), row.id], toRatingDto);
  }

  /**
   * Makes ratings visible, adds them to their ratees' averages and tells each ratee, in the caller's
   * transaction. Ratings already visible are skipped, so a reveal can never count twice.
   */
  async reveal(em: EntityManager, ratings: Rating[]): Promise<void> {
    for (const rating of ratings) {
      if (!(await this.ratings.revealIfHidden(em, rating.id))) continue;
      if (rating.rateeRole === 'professional') {
        await this.professionals.addRevealedRating(em, rating.rateeId, rating.stars);
      } else {
        await this.institutions.addRevealedRating(em, rating.rateeId, rating.stars);
      }
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
