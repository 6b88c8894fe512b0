import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin oversight: why a user is suspended (a category the user is told, and the admin's private note), and
 * trigram indexes so admins can search users by any part of name, email or phone, case-insensitively.
 */
export class Admin1764600000000 implements MigrationInterface {
  name = 'Admin1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN suspended_at timestamptz,
        ADD COLUMN suspension_category text,
        ADD COLUMN suspension_note text,
        ADD CONSTRAINT users_suspension_category_check
          CHECK (suspension_category IN ('fraud', 'abuse', 'no_shows', 'fake_documents', 'policy_violation', 'other'))`);
    await queryRunner.query(`CREATE INDEX users_name_trgm_idx ON users USING gin (lower(name) gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX users_email_trgm_idx ON users USING gin (lower(email::text) gin_trgm_ops)`,
    );
    await queryRunner.query(`CREATE INDEX users_phone_trgm_idx ON users USING gin (phone gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX users_role_status_created_at_idx ON users (role, status, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX jobs_status_created_at_idx ON jobs (status, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'jobs_status_created_at_idx',
      'users_role_status_created_at_idx',
      'users_phone_trgm_idx',
      'users_email_trgm_idx',
      'users_name_trgm_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(`
      ALTER TABLE users DROP CONSTRAINT users_suspension_category_check,
        DROP COLUMN suspension_note, DROP COLUMN suspension_category, DROP COLUMN suspended_at`);
  }
}
