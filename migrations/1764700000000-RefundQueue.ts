import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds are recorded before PesaPal is asked: `requesting` is a refund committed on our side and not yet
 * answered by PesaPal's RefundRequest (the request is made after commit, and retried by reconciliation from
 * refund_next_attempt_at if the process died or PesaPal did not answer). refund_message keeps PesaPal's answer.
 */
export class RefundQueue1764700000000 implements MigrationInterface {
  name = 'RefundQueue1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transactions
        DROP CONSTRAINT transactions_refund_status_check,
        ADD CONSTRAINT transactions_refund_status_check
          CHECK (refund_status IN ('requesting', 'requested', 'refused', 'refunded')),
        ADD COLUMN refund_next_attempt_at timestamptz,
        ADD COLUMN refund_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN refund_message text`);
    await queryRunner.query(
      `CREATE INDEX transactions_refund_requesting_idx ON transactions (refund_next_attempt_at)
        WHERE refund_status = 'requesting'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX transactions_refund_requesting_idx`);
    await queryRunner.query(
      `UPDATE transactions SET refund_status = NULL WHERE refund_status = 'requesting'`,
    );
    await queryRunner.query(`
      ALTER TABLE transactions
        DROP COLUMN refund_message,
        DROP COLUMN refund_attempts,
        DROP COLUMN refund_next_attempt_at,
        DROP CONSTRAINT transactions_refund_status_check,
        ADD CONSTRAINT transactions_refund_status_check CHECK (refund_status IN ('requested', 'refused', 'refunded'))`);
  }
}
