import { PreparedStatement } from '../../database/prepared-statement.js';
import type { Profession } from '../catalogue/professions.js';
import { reliabilityTotalsSql } from '../reliability/reliability.sql.js';
import { heldSkillsSql, skillTermSql } from './matching/match-score.js';

export interface CandidateRow {
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
  /** Exact numeric text, 6 decimals. */
  score: string;
  /** Exact numeric text, 4 decimals (`professionals.reliability`). */
  reliability: string;
  booked_shifts: number;
  late_withdrawals: number;
  no_shows: number;
  blocked_until: Date | null;
}

/**
 * Professional `p` is a candidate for job `j` (the `job` CTE below) and holds exactly `t.held` of its
 * required skills (array operators for none and all of them, counting only for partial matches). The other
 * filters are per-row scalar subqueries, not joins, so a walk stays one ordered index-only scan.
 */
const QUALIFIES = `p.profession = j.role AND p.verified
  AND ((t.held = 0 AND NOT p.skills && j.required)
       OR (t.held > 0 AND t.held = cardinality(j.required) AND p.skills @> j.required)
       OR (t.held > 0 AND t.held < cardinality(j.required) AND ${heldSkillsSql('j', 'p')} = t.held))
  AND p.user_id <> ALL (j.busy)
  AND (SELECT u.status = 'active' FROM users u WHERE u.id = p.user_id)
  AND (SELECT true FROM availability_slots s
        WHERE s.professional_id = p.user_id AND s.weekday = j.weekday
          AND s.start_time <= j.start_time AND s.end_time >= j.end_time LIMIT 1)`;

const WALKED = `p.user_id, t.skill_term + p.ranking_base AS score, p.reliability`;

/**
 * Verified, active professionals of the role of job $1 (no rows unless it belongs to institution $2)
 * whose availability covers the shift and who hold no overlapping accepted or paid job, best first: score
 * DESC, reliability DESC, user_id. Keyset: $3 score, $4 reliability, $5 user id of the last row seen (null
 * on the first page); $6 rows; $7 now (blocks in force, in the totals read for the page's rows only).
 *
 * score = skill term + ranking_base (match-score.ts), and the skill term takes one value per number of
 * required skills held: k of n gives n + 1 tiers (one when none are required). Within a tier the order is
 * (ranking_base DESC, reliability DESC, user_id), which professionals_candidates_idx holds per profession
 * (including `skills`, so the walk reads no table rows), and the page is the best $6 of each tier's first
 * $6. The cursor becomes index bounds per tier, with ranking_base = cursor score − the tier's skill term:
 * the rest of the cursor's (ranking_base, reliability) tie by user_id, then (ranking_base, reliability)
 * below it — two ranges, as the index mixes descending and ascending columns.
 *
 * A walk reads about $6 / (the share of the profession in its tier that is free for the shift) entries,
 * whatever the table's size. Worst case: a tier with fewer than $6 qualifying professionals past the cursor
 * is walked to the end of the profession — a job requiring a combination of skills that (almost) nobody
 * holds reads every verified professional of the role for its top tier, though at well under 1 µs each.
 * Measured on the seed (docs/architecture.md, Matching): a page reads 40–4,000 index entries at 20,000 and
 * at 200,000 professionals alike.
 *
 * Planning: the filters' selective estimates keep PostgreSQL on its cached generic plan (planned once per
 * connection), whose estimated cost is far above the ~1 ms of work — hence JIT is off for the app's
 * connections (data-source-options.ts). test/job-candidates.e2e-spec.ts checks the plan.
 */
export const CANDIDATES = new PreparedStatement<CandidateRow>(
  'job-candidates',
  `WITH job AS MATERIALIZED (
     SELECT j.id, j.role, j.required_skills, j.start_time, j.end_time,
            extract(dow FROM j.date)::smallint AS weekday,
            ARRAY(SELECT DISTINCT unnest(j.required_skills)) AS required,
            (SELECT coalesce(array_agg(a.professional_id), '{}')
               FROM jobs other JOIN job_assignees a ON a.job_id = other.id
              WHERE other.status IN ('accepted', 'paid') AND other.id <> j.id
                AND other.starts_at < j.ends_at AND other.ends_at > j.starts_at) AS busy
       FROM jobs j WHERE j.id = $1 AND j.institution_id = $2
   ), tier AS MATERIALIZED (
     SELECT held, ${skillTermSql('held', 'cardinality(j.required_skills)')} AS skill_term
       -- jobs_required_skills_check: at most 20 (a constant range keeps the row estimate small)
       FROM job j, generate_series(0, 20) held
      WHERE held <= cardinality(j.required)
   )
   SELECT c.user_id, u.name, p.profession, p.skills, p.experience_years, p.hourly_rate, p.daily_rate,
          p.currency, p.district, p.verified, p.rating_total, p.rating_count, c.score, c.reliability, totals.*
     FROM (
       SELECT w.* FROM job j CROSS JOIN tier t CROSS JOIN LATERAL (
         -- the rest of the cursor's tie (none on the first page), then everything after it
         (SELECT ${WALKED} FROM professionals p
           WHERE ${QUALIFIES}
             AND p.ranking_base = $3::numeric - t.skill_term AND p.reliability = $4::numeric
             AND p.user_id > $5::uuid
           ORDER BY p.user_id LIMIT $6)
         UNION ALL
         (SELECT ${WALKED} FROM professionals p
           WHERE ${QUALIFIES}
             AND (p.ranking_base, p.reliability)
                 < (coalesce($3::numeric - t.skill_term, 'Infinity'), coalesce($4::numeric, 'Infinity'))
           ORDER BY p.ranking_base DESC, p.reliability DESC, p.user_id LIMIT $6)
       ) w
       ORDER BY w.score DESC, w.reliability DESC, w.user_id
       LIMIT $6
     ) c
     JOIN professionals p ON p.user_id = c.user_id
     JOIN users u ON u.id = c.user_id
     CROSS JOIN LATERAL (${reliabilityTotalsSql('c.user_id', '$7')}) totals
    ORDER BY c.score DESC, c.reliability DESC, c.user_id`,
);
