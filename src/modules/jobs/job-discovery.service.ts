import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { ratingAverage } from '../../common/rating-average.js';
import type { JobDiscoveryQueryDto } from './dto/job-requests.dto.js';
import type { CandidatePageDto, RankedJobPageDto } from './dto/job-responses.dto.js';
import { discoveryKey, toRankedJob, type DiscoveryCursor } from './job-discovery.query.js';
import { JobDiscoveryRepository } from './job-discovery.repository.js';
import { JobsRepository } from './jobs.repository.js';

function decodeDiscoveryCursor(cursor: string | undefined): DiscoveryCursor | null {
  const key = decodeCursor(cursor, ['decimal', 'timestamp', 'uuid']);
  return key ? { skillMatch: key[0], startsAt: key[1], id: key[2] } : null;
}

/** Ranked discovery of open jobs for professionals, and of candidates for a job. */
@Injectable()
export class JobDiscoveryService {
  constructor(
    private readonly repository: JobDiscoveryRepository,
    private readonly jobs: JobsRepository,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  /**
   * Open, future jobs of the caller's profession, best match first, then soonest, then id. Keyset
   * pagination over (skill match, starts_at, id): see job-discovery.query.ts for how a page is read.
   */
  async discover(caller: AuthContext, query: JobDiscoveryQueryDto): Promise<RankedJobPageDto> {
    const after = decodeDiscoveryCursor(query.cursor);
    const district = query.district ? await this.catalogue.resolveDistrict(query.district) : undefined;
    if (query.district && !district) return { items: [], nextCursor: null };
    const profile = await this.repository.findMatchingProfile(caller.userId);
    if (!profile) {
      throw new DomainError(
        'PROFILE_REQUIRED',
        'Create your professional profile (PUT /api/v1/professional/profile) to see jobs for your profession.',
      );
    }
    const rows = await this.repository.discover({
      profession: profile.profession,
      skills: profile.skills,
      district: district ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      minRate: query.minRate ?? null,
      after,
      limit: query.limit + 1,
    });
    return toPage(rows, query.limit, discoveryKey, (row) => toRankedJob(row, profile));
  }

  /**
   * Verified, active professionals of the job's role whose weekly availability covers the shift and who
   * hold no overlapping job, best match first. Only the job's institution may ask.
   */
  async candidates(
    caller: AuthContext,
    jobId: string,
    limit: number,
    cursor?: string,
  ): Promise<CandidatePageDto> {
    const after = decodeCursor(cursor, ['decimal', 'decimal', 'uuid']);
    const rows = await this.repository.candidates(
      jobId,
      caller.userId,
      after as [string, string, string] | null,
      limit + 1,
      this.clock.now(),
    );
    // The query answers nothing for another institution's job: only then is it worth telling that apart.
    if (rows.length === 0) {
      const job = await this.jobs.findShift(jobId);
      if (!job || job.institution_id !== caller.userId) {
        throw new DomainError('NOT_FOUND', 'No job with this id that you can see.');
      }
    }
    return toPage(
      rows,
      limit,
      (row) => [row.score, row.reliability, row.user_id],
      (row) => ({
        id: row.user_id,
        name: row.name,
        profession: row.profession,
        skills: row.skills,
        experienceYears: row.experience_years,
        hourlyRate: row.hourly_rate,
        dailyRate: row.daily_rate,
        currency: row.currency,
        district: row.district,
        verified: row.verified,
        ratingAverage: ratingAverage(row.rating_total, row.rating_count),
        ratingCount: row.rating_count,
        score: Number(row.score),
        reliability: {
          score: Number(row.reliability),
          bookedShifts: row.booked_shifts,
          lateWithdrawals: row.late_withdrawals,
          noShows: row.no_shows,
          ...(row.blocked_until && { blockedUntil: new Date(row.blocked_until).toISOString() }),
        },
      }),
    );
  }
}
