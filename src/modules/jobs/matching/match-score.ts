/**
 * The matching score of DESIGN.md, in TypeScript for tests and explanations, and as SQL for ranking in
 * the database. Both must agree: test/jobs-discovery.e2e-spec.ts checks the SQL against this function.
 *
 *   score = 0.5·skill_match + 0.3·experience + 0.2·rating, each term in [0, 1]
 *   skill_match = share of the job's required skills the professional has (1 when none are required)
 *   experience  = min(years, 10) / 10
 *   rating      = Bayesian mean of stars (prior 3.5 stars, weight 5) mapped from 1–5 to 0–1
 *
 * Rounding: the skill term and the professional's part (experience + rating, `professionals.ranking_base`)
 * are each rounded to 6 decimals and then added, so the score is exactly skill term + ranking_base. That
 * lets candidates walk an index on ranking_base per skill-match tier (job-candidates.query.ts); the
 * migration CandidateRanking defines the column. Rounding the sum once instead (the earlier definition)
 * differs by at most 0.000001.
 */
export const WEIGHTS = { skills: 0.5, experience: 0.3, rating: 0.2 } as const;
export const RATING_PRIOR_STARS = 3.5;
export const RATING_PRIOR_WEIGHT = 5;
/** Scores are rounded to this many decimals so keyset pagination compares them exactly. */
export const SCORE_DECIMALS = 6;
const UNITS = 10 ** SCORE_DECIMALS;

export interface MatchInput {
  requiredSkills: readonly string[];
  skills: readonly string[];
  experienceYears: number;
  ratingTotal: number;
  ratingCount: number;
}

export function skillMatch(required: readonly string[], held: readonly string[]): number {
  if (required.length === 0) return 1;
  const have = new Set(held);
  return required.filter((skill) => have.has(skill)).length / required.length;
}

export function experienceTerm(years: number): number {
  return Math.min(years, 10) / 10;
}

export function ratingTerm(total: number, count: number): number {
  const mean = (RATING_PRIOR_STARS * RATING_PRIOR_WEIGHT + total) / (RATING_PRIOR_WEIGHT + count);
  return (mean - 1) / 4;
}

/** numerator / denominator (positive integers) rounded half away from zero, as PostgreSQL's round(numeric). */
function roundRatio(numerator: number, denominator: number): number {
  const twice = 2 * numerator + denominator;
  return (twice - (twice % (2 * denominator))) / (2 * denominator);
}

/**
 * The terms in millionths, as whole numbers from exact ratios: toFixed on a floating-point term may round
 * one ending in exactly 5 at the 7th decimal down (44 stars over 11 ratings: 0.1421875 → 0.142187), where
 * PostgreSQL's numeric rounds it up.
 */
function skillUnits(required: readonly string[], held: readonly string[]): number {
  const have = new Set(held);
  const matched = required.filter((skill) => have.has(skill)).length;
  const weight = WEIGHTS.skills * UNITS;
  return required.length === 0 ? weight : roundRatio(weight * matched, required.length);
}

function rankingBaseUnits(years: number, ratingTotal: number, ratingCount: number): number {
  const experience = ((WEIGHTS.experience * UNITS) / 10) * Math.min(years, 10);
  // WEIGHTS.rating·((prior·w + total)/(w + count) − 1)/4 = (rating weight/4)·((prior − 1)·w + total − count)/(w + count)
  const numerator =
    ((WEIGHTS.rating * UNITS) / 4) *
    ((RATING_PRIOR_STARS - 1) * RATING_PRIOR_WEIGHT + ratingTotal - ratingCount);
  return Math.round(experience) + roundRatio(Math.round(numerator), RATING_PRIOR_WEIGHT + ratingCount);
}

/** The professional's part of the score (0.3·experience + 0.2·rating, rounded): `professionals.ranking_base`. */
export function rankingBase(years: number, ratingTotal: number, ratingCount: number): number {
  return rankingBaseUnits(years, ratingTotal, ratingCount) / UNITS;
}

export function matchScore(input: MatchInput): number {
  return (
    (skillUnits(input.requiredSkills, input.skills) +
      rankingBaseUnits(input.experienceYears, input.ratingTotal, input.ratingCount)) /
    UNITS
  );
}

/** The skill term as SQL, for `held` of `required` skills (integer expressions): round(0.5·share, 6). */
export function skillTermSql(held: string, required: string): string {
  return (
    `round(${WEIGHTS.skills} * CASE WHEN ${required} = 0 THEN 1::numeric ` +
    `ELSE (${held})::numeric / ${required} END, ${SCORE_DECIMALS})`
  );
}

/** How many of the job's required skills the professional holds, as SQL. */
export function heldSkillsSql(job: string, professional: string): string {
  return `(SELECT count(DISTINCT s) FROM unnest(${job}.required_skills) s WHERE s = ANY(${professional}.skills))`;
}

/**
 * The score as a SQL expression over a job alias and a professional alias (columns required_skills, skills,
 * ranking_base): the skill term plus the stored professional's part, numeric with SCORE_DECIMALS decimals.
 */
export function matchScoreSql(job: string, professional: string): string {
  const skillTerm = skillTermSql(heldSkillsSql(job, professional), `cardinality(${job}.required_skills)`);
  return `(${skillTerm} + ${professional}.ranking_base)`;
}
