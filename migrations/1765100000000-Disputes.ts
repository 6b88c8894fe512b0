import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disputes about a paid or recently completed job: opened by its institution or its professional, resolved
 * once by an admin (release to the professional, refund to the institution, or a split). At most one open
 * dispute per job (the partial unique index); a resolved one keeps its outcome, amounts and note.
 */
export class Disputes1765100000000 implements MigrationInterface {
  name = 'Disputes1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE disputes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_id uuid NOT NULL REFERENCES jobs (id),
        opened_by uuid NOT NULL REFERENCES users (id),
        opened_by_role text NOT NULL,
        reason text NOT NULL,
        details text,
        status text NOT NULL DEFAULT 'open',
        outcome text,
        professional_amount integer,
        note text,
        resolved_by uuid REFERENCES users (id),
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT disputes_opened_by_role_check CHECK (opened_by_role IN ('institution', 'professional')),
        CONSTRAINT disputes_status_check CHECK (status IN ('open', 'resolved')),
        CONSTRAINT disputes_outcome_check CHECK (outcome IN ('release', 'refund', 'split')),
        CONSTRAINT disputes_professional_amount_check CHECK (professional_amount > 0),
        CONSTRAINT disputes_resolution_check CHECK (
          (status = 'open' AND outcome IS NULL AND resolved_at IS NULL)
          OR (status = 'resolved' AND outcome IS NOT NULL AND resolved_at IS NOT NULL
              AND (outcome = 'split') = (professional_amount IS NOT NULL)))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX disputes_one_open_per_job_key ON disputes (job_id) WHERE status = 'open'`,
    );
    await queryRunner.query(`CREATE INDEX disputes_job_id_idx ON disputes (job_id, created_at)`);
    await queryRunner.query(`CREATE INDEX disputes_queue_idx ON disputes (status, created_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE disputes`);
  }
}
