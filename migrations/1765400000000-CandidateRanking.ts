import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidates for a job read about a page of professionals instead of scoring all of the profession
 * (src/modules/jobs/job-candidates.query.ts). The professional's part of the match score (experience and
 * rating, match-score.ts) becomes a stored generated column, `ranking_base`; their reliability score is kept
 * in `reliability` (the professionals module updates it on `reliability.changed`), backfilled here from
 * `reliability_events` as reliability.sql.ts computes it; one index orders a profession by both.
 */
export class CandidateRanking1765400000000 implements MigrationInterface {
  name = 'CandidateRanking1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE professionals
        ADD COLUMN ranking_base numeric GENERATED ALWAYS AS (
          round(0.3 * least(experience_years, 10)::numeric / 10
                + 0.2 * (((17.5 + rating_total)::numeric / (5 + rating_count) - 1) / 4), 6)) STORED,
        ADD COLUMN reliability numeric(5,4) NOT NULL DEFAULT 1.0000`);
    // A derived score, not an edit of the profile: updated_at stays as it was.
    await queryRunner.query(`ALTER TABLE professionals DISABLE TRIGGER professionals_touch_updated_at`);
    await queryRunner.query(`
      UPDATE professionals p SET reliability = r.score
        FROM (SELECT s.professional_id, round(avg(CASE WHEN s.completed AND NOT s.failed THEN 1 ELSE 0 END), 4) AS score
                FROM (SELECT e.professional_id,
                             bool_or(e.kind = 'completed') AS completed,
                             bool_or(e.kind = 'late_withdrawal')
                               OR (bool_or(e.kind = 'no_show') AND NOT bool_or(e.kind = 'no_show_overturned')) AS failed,
                             row_number() OVER (PARTITION BY e.professional_id ORDER BY min(e.at) DESC, e.job_id DESC) AS recent
                        FROM reliability_events e
                       GROUP BY e.professional_id, e.job_id
                      HAVING bool_or(e.kind IN ('completed', 'late_withdrawal'))
                          OR (bool_or(e.kind = 'no_show') AND NOT bool_or(e.kind = 'no_show_overturned'))) s
               WHERE s.recent <= 20
               GROUP BY s.professional_id) r
       WHERE p.user_id = r.professional_id AND p.reliability <> r.score`);
    await queryRunner.query(`ALTER TABLE professionals ENABLE TRIGGER professionals_touch_updated_at`);
    await queryRunner.query(`
      CREATE INDEX professionals_candidates_idx
          ON professionals (profession, ranking_base DESC, reliability DESC, user_id) INCLUDE (skills)
       WHERE verified`);
    // The new index leads with the profession under the same predicate.
    await queryRunner.query(`DROP INDEX professionals_verified_profession_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX professionals_verified_profession_idx ON professionals (profession) WHERE verified`,
    );
    await queryRunner.query(`DROP INDEX professionals_candidates_idx`);
    await queryRunner.query(`ALTER TABLE professionals DROP COLUMN reliability, DROP COLUMN ranking_base`);
  }
}
