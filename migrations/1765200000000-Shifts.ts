import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shifts that really happen. `shifts`: one row per booked job (created when it is paid, rebooked after a
 * withdrawal): confirmation, reminders, the sealed attendance secret, check-in/out and the steps of the codes
 * used (each code is single-use per action), failed code attempts (rate-limited per job), no-show.
 * `timesheets`: the hours the professional claims and the institution approves. `reliability_events`: what
 * counts for and against a professional's reliability; `accept_blocks`: professionals barred from accepting
 * jobs until a date (three no-shows in 90 days), which an admin may lift.
 */
export class Shifts1765200000000 implements MigrationInterface {
  name = 'Shifts1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE shifts (
        job_id uuid PRIMARY KEY REFERENCES jobs (id),
        professional_id uuid NOT NULL REFERENCES users (id),
        booked_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        reminded_24h_at timestamptz,
        reminded_confirm_at timestamptz,
        at_risk_at timestamptz,
        attendance_secret text NOT NULL,
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        check_in_step bigint,
        check_out_step bigint,
        code_failures integer NOT NULL DEFAULT 0,
        code_failures_since timestamptz,
        no_show_prompted_at timestamptz,
        no_show_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT shifts_check_out_after_in CHECK (checked_out_at IS NULL OR checked_in_at IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX shifts_professional_id_idx ON shifts (professional_id)`);
    await queryRunner.query(`
      CREATE TABLE timesheets (
        job_id uuid PRIMARY KEY REFERENCES jobs (id),
        professional_id uuid NOT NULL REFERENCES users (id),
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        break_minutes integer NOT NULL DEFAULT 0,
        minutes integer NOT NULL,
        note text,
        submitted_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by uuid REFERENCES users (id),
        auto_approved boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT timesheets_status_check CHECK (status IN ('submitted', 'approved', 'disputed')),
        CONSTRAINT timesheets_times_check CHECK (ended_at > started_at AND break_minutes >= 0 AND minutes >= 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX timesheets_submitted_idx ON timesheets (submitted_at) WHERE status = 'submitted'`,
    );
    await queryRunner.query(`
      CREATE TABLE reliability_events (
        id bigserial PRIMARY KEY,
        professional_id uuid NOT NULL REFERENCES users (id),
        job_id uuid NOT NULL REFERENCES jobs (id),
        kind text NOT NULL,
        at timestamptz NOT NULL,
        CONSTRAINT reliability_events_kind_check
          CHECK (kind IN ('booked', 'completed', 'late_withdrawal', 'no_show', 'no_show_overturned')),
        CONSTRAINT reliability_events_once UNIQUE (job_id, professional_id, kind)
      )`);
    await queryRunner.query(
      `CREATE INDEX reliability_events_professional_idx ON reliability_events (professional_id, at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE accept_blocks (
        id bigserial PRIMARY KEY,
        professional_id uuid NOT NULL REFERENCES users (id),
        blocked_until timestamptz NOT NULL,
        reason text NOT NULL,
        lifted_at timestamptz,
        lifted_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX accept_blocks_active_idx ON accept_blocks (professional_id, blocked_until) WHERE lifted_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['accept_blocks', 'reliability_events', 'timesheets', 'shifts']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
