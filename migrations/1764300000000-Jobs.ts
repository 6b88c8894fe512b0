import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jobs and their one assignee. `starts_at`/`ends_at` are the shift in absolute time (the date and times
 * are Kampala wall-clock), kept beside the local fields so discovery, overlap checks and the scheduler
 * compare instants with plain indexes.
 */
export class Jobs1764300000000 implements MigrationInterface {
  name = 'Jobs1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE jobs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        role text NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        required_skills text[] NOT NULL DEFAULT '{}',
        date date NOT NULL,
        start_time time NOT NULL,
        end_time time NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        rate integer NOT NULL,
        rate_type text NOT NULL,
        currency text NOT NULL DEFAULT 'UGX',
        district text NOT NULL,
        address text,
        status text NOT NULL DEFAULT 'open',
        cancel_reason text,
        cancelled_by uuid,
        cancelled_at timestamptz,
        completed_at timestamptz,
        expired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT jobs_pkey PRIMARY KEY (id),
        CONSTRAINT jobs_institution_id_fkey FOREIGN KEY (institution_id) REFERENCES users (id),
        CONSTRAINT jobs_cancelled_by_fkey FOREIGN KEY (cancelled_by) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT jobs_district_fkey FOREIGN KEY (district) REFERENCES districts (name),
        CONSTRAINT jobs_role_check CHECK (role IN ('teacher', 'nurse', 'caregiver')),
        CONSTRAINT jobs_title_check CHECK (char_length(title) BETWEEN 3 AND 150),
        CONSTRAINT jobs_description_check CHECK (char_length(description) BETWEEN 1 AND 5000),
        CONSTRAINT jobs_required_skills_check CHECK (cardinality(required_skills) <= 20),
        CONSTRAINT jobs_time_check CHECK (end_time > start_time AND ends_at > starts_at),
        CONSTRAINT jobs_rate_check CHECK (rate > 0 AND rate <= 10000000),
        CONSTRAINT jobs_rate_type_check CHECK (rate_type IN ('hourly', 'daily', 'fixed')),
        CONSTRAINT jobs_status_check
          CHECK (status IN ('open', 'accepted', 'paid', 'completed', 'cancelled', 'expired')),
        CONSTRAINT jobs_cancel_reason_check CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE TRIGGER jobs_touch_updated_at BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION touch_updated_at()`,
    );
    // Discovery: open jobs of one role in start order (and the expiry worker: open jobs whose start passed).
    await queryRunner.query(
      `CREATE INDEX jobs_open_role_starts_at_idx ON jobs (role, starts_at, id) WHERE status = 'open'`,
    );
    await queryRunner.query(`CREATE INDEX jobs_open_starts_at_idx ON jobs (starts_at) WHERE status = 'open'`);
    // Auto-completion: paid jobs by end.
    await queryRunner.query(`CREATE INDEX jobs_paid_ends_at_idx ON jobs (ends_at) WHERE status = 'paid'`);
    // An institution's own jobs, newest first.
    await queryRunner.query(
      `CREATE INDEX jobs_institution_id_created_at_idx ON jobs (institution_id, created_at DESC, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE job_assignees (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        job_id uuid NOT NULL,
        professional_id uuid NOT NULL,
        accepted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT job_assignees_pkey PRIMARY KEY (id),
        CONSTRAINT job_assignees_job_id_key UNIQUE (job_id),
        CONSTRAINT job_assignees_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
        CONSTRAINT job_assignees_professional_id_fkey FOREIGN KEY (professional_id) REFERENCES users (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX job_assignees_professional_id_idx ON job_assignees (professional_id, accepted_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE job_assignees`);
    await queryRunner.query(`DROP TABLE jobs`);
  }
}
