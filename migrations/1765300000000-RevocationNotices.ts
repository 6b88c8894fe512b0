import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation notices: every app instance keeps a deny-list of ended sessions and inactive users in memory
 * (src/modules/auth/sessions/revocation-list.ts) instead of reading `sessions` on every request. These
 * triggers tell all of them, on channel `qgig_revocations`, when a session ends (`s:<session id>`: revoked,
 * or deleted while live) and when a user's status changes (`u:<user id>:<status>`). A notice is sent at
 * commit, so it reaches the instances only once the change is visible. A user's role is not covered: it is
 * set at sign-up and never changes. The indexes serve the full reload an instance does after (re)connecting.
 */
export class RevocationNotices1765300000000 implements MigrationInterface {
  name = 'RevocationNotices1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('qgig_revocations', 's:' || OLD.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sessions_notify_revoked AFTER UPDATE OF revoked_at ON sessions FOR EACH ROW
        WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
        EXECUTE FUNCTION notify_session_ended()`);
    await queryRunner.query(`
      CREATE TRIGGER sessions_notify_deleted AFTER DELETE ON sessions FOR EACH ROW
        WHEN (OLD.revoked_at IS NULL)
        EXECUTE FUNCTION notify_session_ended()`);

    await queryRunner.query(`
      CREATE FUNCTION notify_user_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('qgig_revocations', 'u:' || NEW.id || ':' || NEW.status);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_notify_status AFTER UPDATE OF status ON users FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION notify_user_status()`);

    await queryRunner.query(
      `CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX users_inactive_idx ON users (status, updated_at) WHERE status <> 'active'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX users_inactive_idx`);
    await queryRunner.query(`DROP INDEX sessions_revoked_at_idx`);
    await queryRunner.query(`DROP TRIGGER users_notify_status ON users`);
    await queryRunner.query(`DROP FUNCTION notify_user_status()`);
    await queryRunner.query(`DROP TRIGGER sessions_notify_deleted ON sessions`);
    await queryRunner.query(`DROP TRIGGER sessions_notify_revoked ON sessions`);
    await queryRunner.query(`DROP FUNCTION notify_session_ended()`);
  }
}
