import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payout request may carry an `Idempotency-Key` header: the same key from the same professional names
 * the same payout, so a retried or double-sent request never moves money twice. The unique index is what
 * enforces it when two such requests race (payouts.service.ts).
 */
export class PayoutIdempotencyKeys1765500000000 implements MigrationInterface {
  name = 'PayoutIdempotencyKeys1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payouts
        ADD COLUMN idempotency_key text
          CONSTRAINT payouts_idempotency_key_format CHECK (idempotency_key ~ '^[\\x21-\\x7e]{1,100}$')`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX payouts_one_per_idempotency_key
        ON payouts (professional_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX payouts_one_per_idempotency_key`);
    await queryRunner.query(`ALTER TABLE payouts DROP COLUMN idempotency_key`);
  }
}
