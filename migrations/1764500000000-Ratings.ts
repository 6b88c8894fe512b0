import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-way, double-blind ratings: a rating stays hidden (visible_at null) until the other side has rated
 * too or the 14-day window closes. Also each user's choice of email notifications.
 */
export class Ratings1764500000000 implements MigrationInterface {
  name = 'Ratings1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ratings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        job_id uuid NOT NULL,
        rater_id uuid NOT NULL,
        ratee_id uuid NOT NULL,
        ratee_role text NOT NULL,
        stars smallint NOT NULL,
        comment text,
        window_closes_at timestamptz NOT NULL,
        visible_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ratings_pkey PRIMARY KEY (id),
        CONSTRAINT ratings_job_id_rater_id_key UNIQUE (job_id, rater_id),
        CONSTRAINT ratings_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id),
        CONSTRAINT ratings_rater_id_fkey FOREIGN KEY (rater_id) REFERENCES users (id),
        CONSTRAINT ratings_ratee_id_fkey FOREIGN KEY (ratee_id) REFERENCES users (id),
        CONSTRAINT ratings_ratee_role_check CHECK (ratee_role IN ('professional', 'institution')),
        CONSTRAINT ratings_stars_check CHECK (stars BETWEEN 1 AND 5),
        CONSTRAINT ratings_comment_check CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 1000),
        CONSTRAINT ratings_not_self_check CHECK (rater_id <> ratee_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ratings_ratee_visible_idx ON ratings (ratee_id, visible_at DESC, id DESC) WHERE visible_at IS NOT NULL`,
    );
    // The reveal worker: hidden ratings by when their window closes.
    await queryRunner.query(
      `CREATE INDEX ratings_hidden_window_idx ON ratings (window_closes_at) WHERE visible_at IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE users ADD COLUMN email_notifications boolean NOT NULL DEFAULT true`);
    // When the institution was told its open job starts soon unaccepted (once per job).
    await queryRunner.query(`ALTER TABLE jobs ADD COLUMN expiry_warned_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE jobs DROP COLUMN expiry_warned_at`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN email_notifications`);
    await queryRunner.query(`DROP TABLE ratings`);
  }
}
