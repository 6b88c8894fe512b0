import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts and authentication: users, their login sessions (one per login, refresh tokens rotated
 * within it), single-use mailed tokens, 2FA backup codes, the append-only audit log and the mail outbox.
 */
export class Accounts1764100000000 implements MigrationInterface {
  name = 'Accounts1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email citext,
        phone text,
        password_hash text,
        role text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        email_verified_at timestamptz,
        consent_version text,
        consented_at timestamptz,
        two_factor_secret text,
        two_factor_pending_secret text,
        two_factor_enabled_at timestamptz,
        two_factor_last_counter bigint,
        password_changed_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_pkey PRIMARY KEY (id),
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_phone_key UNIQUE (phone),
        CONSTRAINT users_role_check CHECK (role IN ('professional', 'institution', 'admin')),
        CONSTRAINT users_status_check CHECK (status IN ('active', 'suspended', 'deleted')),
        CONSTRAINT users_phone_e164_check CHECK (phone ~ '^\\+[1-9][0-9]{7,14}$'),
        CONSTRAINT users_live_has_credentials_check
          CHECK (status = 'deleted' OR (email IS NOT NULL AND password_hash IS NOT NULL AND (phone IS NOT NULL OR role = 'admin')))
      )`);
    await queryRunner.query(
      `CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at()`,
    );

    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        refresh_token_hash text NOT NULL,
        user_agent text,
        ip text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        CONSTRAINT sessions_pkey PRIMARY KEY (id),
        CONSTRAINT sessions_refresh_token_hash_key UNIQUE (refresh_token_hash),
        CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL`,
    );
    // Refresh tokens already exchanged: presenting one again means it was stolen, so its session dies.
    await queryRunner.query(`
      CREATE TABLE rotated_refresh_tokens (
        token_hash text NOT NULL,
        session_id uuid NOT NULL,
        rotated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rotated_refresh_tokens_pkey PRIMARY KEY (token_hash),
        CONSTRAINT rotated_refresh_tokens_session_id_fkey
          FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX rotated_refresh_tokens_session_id_idx ON rotated_refresh_tokens (session_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE one_time_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        purpose text NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT one_time_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT one_time_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT one_time_tokens_purpose_check CHECK (purpose IN ('verify_email', 'reset_password')),
        CONSTRAINT one_time_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX one_time_tokens_user_purpose_idx ON one_time_tokens (user_id, purpose) WHERE used_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE two_factor_backup_codes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        code_hash text NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT two_factor_backup_codes_pkey PRIMARY KEY (id),
        CONSTRAINT two_factor_backup_codes_user_code_key UNIQUE (user_id, code_hash),
        CONSTRAINT two_factor_backup_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY,
        actor_id uuid,
        action text NOT NULL,
        target_type text,
        target_id text,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_log_pkey PRIMARY KEY (id),
        CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_actor_at_idx ON audit_log (actor_id, at DESC)`);
    await queryRunner.query(`CREATE INDEX audit_log_action_at_idx ON audit_log (action, at DESC)`);

    await queryRunner.query(`
      CREATE TABLE mail_outbox (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid,
        dedupe_key text,
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mail_outbox_pkey PRIMARY KEY (id),
        CONSTRAINT mail_outbox_dedupe_key_key UNIQUE (dedupe_key),
        CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending', 'sent', 'failed')),
        CONSTRAINT mail_outbox_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'mail_outbox',
      'audit_log',
      'two_factor_backup_codes',
      'one_time_tokens',
      'rotated_refresh_tokens',
      'sessions',
      'users',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
