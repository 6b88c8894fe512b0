/**
 * The matching score of DESIGN.md, in TypeScript for tests and explanations, and as SQL for ranking in
 * the database. Both must agree: test/jobs-discovery.e2e-spec.ts checks the SQL against this function.
 *
 *   score = 0.5·skill_match + 0.3·experience + 0.2·rating, each term in [0, 1]
 *   skill_match = share of the job's required skills the professional has (1 when none are required)
 *   experience  = min(years, 10) / 10
 *   rating      = Bayesian mean of stars (prior 3.5 stars, weight 5) mapped from 1–5 to 0–1
 */
export const WEIGHTS = { skills: 0.5, experience: 0.3, rating: 0.2 } as const;
export const RATING_PRIOR_STARS = 3.5;
export const RATING_PRIOR_WEIGHT = 5;
/** Scores are rounded to this many decimals so keyset pagination compares them exactly. */
export const SCORE_DECIMALS = 6;

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

export function matchScore(input: MatchInput): number {
  const raw =
    WEIGHTS.skills * skillMatch(input.requiredSkills, input.skills) +
    WEIGHTS.experience * experienceTerm(input.experienceYears) +
    WEIGHTS.rating * ratingTerm(input.ratingTotal, input.ratingCount);
  return Number(raw.toFixed(SCORE_DECIMALS));
}

/**
 * The same score as a SQL expression over a job alias and a professional alias (columns required_skills,
 * skills, experience_years, rating_total, rating_count), as numeric rounded to SCORE_DECIMALS.
 */
export function matchScoreSql(job: string, professional: string): string {
  const skills =
    `CASE WHEN cardinality(${job}.required_skills) = 0 THEN 1::numeric ` +
    `ELSE (SELECT count(DISTINCT s) FROM unnest(${job}.required_skills) s WHERE s = ANY(${professional}.skills))::numeric ` +
    `/ cardinality(${job}.required_skills) END`;
  const experience = `least(${professional}.experience_years, 10)::numeric / 10`;
  const rating =
    `((${RATING_PRIOR_STARS * RATING_PRIOR_WEIGHT} + ${professional}.rating_total)::numeric ` +
    `/ (${RATING_PRIOR_WEIGHT} + ${professional}.rating_count) - 1) / 4`;
  return (
    `round(${WEIGHTS.skills} * (${skills}) + ${WEIGHTS.experience} * (${experience}) + ` +
    `${WEIGHTS.rating} * (${rating}), ${SCORE_DECIMALS})`
  );
}
