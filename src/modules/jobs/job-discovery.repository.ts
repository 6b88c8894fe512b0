import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CANDIDATES, type CandidateRow } from './job-candidates.query.js';
import {
  discoverJobs,
  MATCHING_PROFILE,
  type DiscoveredJobRow,
  type DiscoveryParams,
  type MatchingProfile,
} from './job-discovery.query.js';

/**
 * Ranked reads for discovery and candidates, outside any transaction, as prepared statements (their SQL
 * and why it is shaped so: job-discovery.query.ts, job-candidates.query.ts). They read professionals' public profile columns
 * read-only, in the same round trip as the jobs they rank.
 */
@Injectable()
export class JobDiscoveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findMatchingProfile(userId: string): Promise<MatchingProfile | undefined> {
    const [profile] = await MATCHING_PROFILE.run(this.dataSource, [userId]);
    return profile;
  }

  discover(params: DiscoveryParams): Promise<DiscoveredJobRow[]> {
    return discoverJobs(this.dataSource, params);
  }

  /**
   * One page of candidates for the job, best score first; `after` is the last (score, reliability, id)
   * seen. No rows when the job does not exist or is not `institutionId`'s.
   */
  candidates(
    jobId: string,
    institutionId: string,
    after: [string, string, string] | null,
    limit: number,
    now: Date,
  ): Promise<CandidateRow[]> {
    return CANDIDATES.run(this.dataSource, [
      jobId,
      institutionId,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      limit,
      now,
    ]);
  }
}
