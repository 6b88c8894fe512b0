import { PreparedStatement, type Database } from '../../database/prepared-statement.js';
import type { Profession } from '../catalogue/professions.js';
import type { RankedJobDto } from './dto/job-responses.dto.js';
import { matchScore } from './matching/match-score.js';
import { JOB_SUMMARY_COLUMNS, JOB_SUMMARY_JOINS, toJobSummary, type JobSummaryRow } from './job-view.js';

/**
 * Discovery ranks open future jobs of one profession by the DESIGN.md score. For one professional the
 * experience and rating terms are constants, so the order is: skill match (descending), starts_at, id.
 *
 * Jobs the professional fully matches (no required skills, or all of them held) come first, and among
 * them the order is plain starts_at, id — which jobs_open_role_starts_at_idx (role, starts_at, id WHERE
 * open) delivers already sorted, so a page reads about `limit` index entries and stops. Only once those
 * run out is the partial-match tier ranked, which needs a share computed per job and a sort. At scale 1
 * (about 1,700 open jobs per profession) the full-match tier alone fills the first 30 pages.
 */
export interface DiscoveryParams {
  profession: Profession;
  skills: readonly string[];
  district: string | null;
  from: string | null;
  to: string | null;
  minRate: number | null;
  after: DiscoveryCursor | null;
  /** Rows to return (the caller asks for its page size + 1 to know whether there is a next page). */
  limit: number;
}

/** Keyset of the last job seen. `skillMatch` is the exact numeric text PostgreSQL returned. */
export interface DiscoveryCursor {
  skillMatch: string;
  startsAt: string;
  id: string;
}

export type DiscoveredJobRow = JobSummaryRow & { skill_match: string };

const OPTIONAL_FILTERS = [
  `\n  AND ($5::text IS NULL OR j.district = $5)`,
  `\n  AND ($6::date IS NULL OR j.date >= $6::date)`,
  `\n  AND ($7::date IS NULL OR j.date <= $7::date)`,
  `\n  AND ($8::int IS NULL OR j.rate >= $8::int)`,
];

const FILTERS = `
  j.role = $1 AND j.status = 'open' AND j.starts_at > now()${OPTIONAL_FILTERS.join('')}`;

const HOLDS_ALL_REQUIRED = `(cardinality(j.required_skills) = 0 OR j.required_skills <@ $4::text[])`;

/** Tier 1, in index order; $2/$3 are the keyset ('-infinity' and the nil uuid for the first page). */
const FULL_MATCHES_SQL = `SELECT 1::numeric AS skill_match, ${JOB_SUMMARY_COLUMNS}
     FROM jobs j ${JOB_SUMMARY_JOINS}
    WHERE ${FILTERS}
      AND (j.starts_at, j.id) > ($2::timestamptz, $3::uuid)
      AND ${HOLDS_ALL_REQUIRED}
    ORDER BY j.starts_at, j.id
    LIMIT $9`;

/** Tier 2, ranked by the share of required skills held; $10 is the cursor's share (null: from the top). */
const PARTIAL_MATCHES_SQL = `WITH ranked AS (
     SELECT j.id, j.starts_at,
            (SELECT count(DISTINCT s) FROM unnest(j.required_skills) s WHERE s = ANY($4::text[]))::numeric
              / cardinality(j.required_skills) AS skill_match
       FROM jobs j
      WHERE ${FILTERS} AND NOT ${HOLDS_ALL_REQUIRED}
   ), page AS (
     SELECT * FROM ranked
      WHERE $10::numeric IS NULL
         OR ranked.skill_match < $10::numeric
         OR (ranked.skill_match = $10::numeric AND (ranked.starts_at, ranked.id) > ($2::timestamptz, $3::uuid))
      ORDER BY ranked.skill_match DESC, ranked.starts_at, ranked.id
      LIMIT $9
   )
   SELECT page.skill_match, ${JOB_SUMMARY_COLUMNS}
     FROM page JOIN jobs j ON j.id = page.id ${JOB_SUMMARY_JOINS}
    ORDER BY page.skill_match DESC, page.starts_at, page.id`;

/**
 * Without the four optional filters (district, dates, rate), their `($n IS NULL OR …)` terms removed and
 * the parameters after them renumbered. Most pages have no filter, and with those terms PostgreSQL's
 * estimate for the statement's generic plan came out worse than for a plan made for the values at hand,
 * so at scale 10 it planned the page query again on every execution (three times its execution's CPU).
 */
function withoutOptionalFilters(text: string): string {
  return OPTIONAL_FILTERS.reduce((sql, filter) => sql.replace(filter, ''), text)
    .replaceAll('$10', '$6')
    .replaceAll('$9', '$5');
}

export const FULL_MATCHES = new PreparedStatement<DiscoveredJobRow>(
  'discovery-full-matches',
  FULL_MATCHES_SQL,
);
export const PARTIAL_MATCHES = new PreparedStatement<DiscoveredJobRow>(
  'discovery-partial-matches',
  PARTIAL_MATCHES_SQL,
);
export const FULL_MATCHES_UNFILTERED = new PreparedStatement<DiscoveredJobRow>(
  'discovery-full-matches-unfiltered',
  withoutOptionalFilters(FULL_MATCHES_SQL),
);
export const PARTIAL_MATCHES_UNFILTERED = new PreparedStatement<DiscoveredJobRow>(
  'discovery-partial-matches-unfiltered',
  withoutOptionalFilters(PARTIAL_MATCHES_SQL),
);

const FIRST_KEY = ['-infinity', '00000000-0000-0000-0000-000000000000'] as const;

/** A statement and the values to run it with. */
export interface DiscoveryStep {
  statement: PreparedStatement<DiscoveredJobRow>;
  values: unknown[];
}

/** The statements a page needs, in order, with their values (EXPLAIN in tests and bench/explain uses this). */
export function discoverySteps(params: DiscoveryParams): {
  fullMatches: DiscoveryStep | null;
  partialMatches: (limit: number) => DiscoveryStep;
} {
  const { after } = params;
  const afterKey = after ? ([after.startsAt, after.id] as const) : FIRST_KEY;
  const filters = [params.district, params.from, params.to, params.minRate];
  const filtered = filters.some((value) => value !== null);
  const values = (key: readonly [string, string], limit: number) => [
    params.profession,
    ...key,
    params.skills,
    ...(filtered ? filters : []),
    limit,
  ];
  const full = filtered ? FULL_MATCHES : FULL_MATCHES_UNFILTERED;
  const partial = filtered ? PARTIAL_MATCHES : PARTIAL_MATCHES_UNFILTERED;
  const inFullTier = !after || Number(after.skillMatch) >= 1;
  return {
    fullMatches: inFullTier ? { statement: full, values: values(afterKey, params.limit) } : null,
    partialMatches: (limit) => ({
      statement: partial,
      values: inFullTier
        ? [...values(FIRST_KEY, limit), null]
        : [...values(afterKey, limit), after.skillMatch],
    }),
  };
}

/** One page of discovery: the full-match tier, then as much of the partial-match tier as still fits. */
export async function discoverJobs(db: Database, params: DiscoveryParams): Promise<DiscoveredJobRow[]> {
  const steps = discoverySteps(params);
  const rows = steps.fullMatches ? await steps.fullMatches.statement.run(db, steps.fullMatches.values) : [];
  if (rows.length < params.limit) {
    const partial = steps.partialMatches(params.limit - rows.length);
    rows.push(...(await partial.statement.run(db, partial.values)));
  }
  return rows;
}

/** A discovered job as the API shows it to `profile`'s owner: the summary and their match score. */
export function toRankedJob(row: DiscoveredJobRow, profile: MatchingProfile): RankedJobDto {
  return {
    ...toJobSummary(row),
    score: matchScore({
      requiredSkills: row.required_skills,
      skills: profile.skills,
      experienceYears: profile.experience_years,
      ratingTotal: profile.rating_total,
      ratingCount: profile.rating_count,
    }),
  };
}

/** The cursor key of a discovered job (decoded back into a DiscoveryCursor). */
export function discoveryKey(row: DiscoveredJobRow): [string, string, string] {
  return [row.skill_match, row.starts_at.toISOString(), row.id];
}

// Candidates moved to their own file; re-exported for the benchmark's EXPLAIN (bench/explain.mjs).
export { CANDIDATES, type CandidateRow } from './job-candidates.query.js';

/** What ranking needs from the caller's profile. */
export interface MatchingProfile {
  profession: Profession;
  skills: string[];
  experience_years: number;
  rating_total: number;
  rating_count: number;
}

export const MATCHING_PROFILE = new PreparedStatement<MatchingProfile>(
  'matching-profile',
  `SELECT profession, skills, experience_years, rating_total, rating_count FROM professionals WHERE user_id = $1`,
);
