import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import type { Profession } from '../catalogue/professions.js';
import { ratingAverage } from '../../common/rating-average.js';
import type { JobDiscoveryQueryDto } from './dto/job-requests.dto.js';
import type { CandidatePageDto, RankedJobPageDto } from './dto/job-responses.dto.js';
import { discoveryQuery } from './job-discovery.query.js';
import { toJobSummary, type JobRow } from './job-view.js';
import { weekdayOf } from './kampala-time.js';
import { matchScoreSql } from './matching/match-score.js';

interface CandidateRow {
  user_id: string;
  name: string;
  profession: Profession;
  skills: string[];
  experience_years: number;
  hourly_rate: number | null;
  daily_rate: number | null;
  currency: string;
  district: string;
  verified: boolean;
  rating_total: number;
  rating_count: number;
  score: string;
}

/** Ranked discovery of open jobs for professionals, and of candidates for a job. */
@Injectable()
export class JobDiscoveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
  ) {}

  /**
   * Open, future jobs of the caller's profession, best match first, then soonest, then id. Keyset
   * pagination over (score, starts_at, id); the partial index jobs_open_role_starts_at_idx serves the scan.
   */
  async discover(caller: AuthContext, query: JobDiscoveryQueryDto): Promise<RankedJobPageDto> {
    const after = decodeCursor(query.cursor, ['string', 'string', 'string']);
    const district = query.district ? await this.catalogue.resolveDistrict(query.district) : undefined;
    if (query.district && !district) return { items: [], nextCursor: null };
    const [profile] = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM professionals WHERE user_id = $1`,
      [caller.userId],
    );
    if (!profile) {
      throw new DomainError(
        'PROFILE_REQUIRED',
        'Create your professional profile (PUT /api/v1/professional/profile) to see jobs for your profession.',
      );
    }
    const { sql, values } = discoveryQuery({
      professionalId: caller.userId,
      district: district ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      minRate: query.minRate ?? null,
      after: after ?? null,
      limit: query.limit + 1,
    });
    const rows = await this.dataSource.query<(JobRow & { score: string })[]>(sql, values);
    return toPage(
      rows,
      query.limit,
      (row) => [row.score, row.starts_at.toISOString(), row.id],
      (row) => ({ ...toJobSummary(row), score: Number(row.score) }),
    );
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
    const after = decodeCursor(cursor, ['string', 'string']);
    const [job] = await this.dataSource.query<
      {
        institution_id: string;
        date: string;
        start_time: string;
        end_time: string;
        starts_at: Date;
        ends_at: Date;
      }[]
    >(
      `SELECT institution_id, to_char(date, 'YYYY-MM-DD') AS date, start_time, end_time, starts_at, ends_at
         FROM jobs WHERE id = $1`,
      [jobId],
    );
    if (!job || job.institution_id !== caller.userId) {
      throw new DomainError('NOT_FOUND', 'No job with this id that you can see.');
    }
    const rows = await this.dataSource.query<CandidateRow[]>(
      `SELECT * FROM (
         SELECT p.user_id, u.name, p.profession, p.skills, p.experience_years, p.hourly_rate, p.daily_rate,
                p.currency, p.district, p.verified, p.rating_total, p.rating_count,
                ${matchScoreSql('j', 'p')} AS score
           FROM jobs j
           JOIN professionals p ON p.profession = j.role AND p.verified
           JOIN users u ON u.id = p.user_id AND u.status = 'active'
          WHERE j.id = $1
            AND EXISTS (SELECT 1 FROM availability_slots s
                         WHERE s.professional_id = p.user_id AND s.weekday = $2
                           AND s.start_time <= j.start_time AND s.end_time >= j.end_time)
            AND NOT EXISTS (SELECT 1 FROM job_assignees a JOIN jobs other ON other.id = a.job_id
                             WHERE a.professional_id = p.user_id AND other.id <> j.id
                               AND other.status IN ('accepted', 'paid')
                               AND other.starts_at < j.ends_at AND other.ends_at > j.starts_at)
       ) ranked
       WHERE $3::numeric IS NULL OR ranked.score < $3::numeric
          OR (ranked.score = $3::numeric AND ranked.user_id > $4::uuid)
       ORDER BY ranked.score DESC, ranked.user_id ASC
       LIMIT $5`,
      [jobId, weekdayOf(job.date), after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => [row.score, row.user_id],
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
      }),
    );
  }
}
