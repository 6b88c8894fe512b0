import { JOB_VIEW_COLUMNS, JOB_VIEW_JOINS } from './job-view.js';
import { matchScoreSql } from './matching/match-score.js';

export interface DiscoveryParams {
  professionalId: string;
  district: string | null;
  from: string | null;
  to: string | null;
  minRate: number | null;
  /** Keyset of the last item seen: [score, startsAt, id]. */
  after: readonly [string, string, string] | null;
  limit: number;
}

/**
 * The discovery query, on its own so its plan can be checked (test/jobs-discovery.e2e-spec.ts runs EXPLAIN
 * on it at 100k jobs). Candidate rows come from jobs_open_role_starts_at_idx (open jobs of one role after
 * now); the score only varies with the job's required skills, so ranking sorts that set in memory.
 */
export function discoveryQuery(params: DiscoveryParams): { sql: string; values: unknown[] } {
  // Rank on the jobs table alone, then join the display columns for the page's rows only.
  const sql = `
    WITH ranked AS (
      SELECT j.id, j.starts_at, ${matchScoreSql('j', 'p')} AS score
        FROM professionals p
        JOIN jobs j ON j.role = p.profession AND j.status = 'open' AND j.starts_at > now()
       WHERE p.user_id = $1
         AND ($2::text IS NULL OR j.district = $2)
         AND ($3::date IS NULL OR j.date >= $3::date)
         AND ($4::date IS NULL OR j.date <= $4::date)
         AND ($5::int IS NULL OR j.rate >= $5::int)
    ), page AS (
      SELECT * FROM ranked
       WHERE $6::numeric IS NULL
          OR ranked.score < $6::numeric
          OR (ranked.score = $6::numeric AND (ranked.starts_at, ranked.id) > ($7::timestamptz, $8::uuid))
       ORDER BY ranked.score DESC, ranked.starts_at ASC, ranked.id ASC
       LIMIT $9
    )
    SELECT page.score, ${JOB_VIEW_COLUMNS}
      FROM page JOIN jobs j ON j.id = page.id ${JOB_VIEW_JOINS}
     ORDER BY page.score DESC, page.starts_at ASC, page.id ASC`;
  return {
    sql,
    values: [
      params.professionalId,
      params.district,
      params.from,
      params.to,
      params.minRate,
      params.after?.[0] ?? null,
      params.after?.[1] ?? null,
      params.after?.[2] ?? null,
      params.limit,
    ],
  };
}
