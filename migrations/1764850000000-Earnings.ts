import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commission frozen on a job at acceptance (basis points of its amount), the institution credit a payment
 * spends (charged at PesaPal = job amount − credit), and a professional's earnings per completed job, held
 * until release_at, then released for payout (or voided when the payment goes back).
 */
export class Earnings1764850000000 implements MigrationInterface {
  name = 'Earnings1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `disputed`: a dispute about the job is open, so it cannot be completed (by anyone, or the sweep).
    await queryRunner.query(`
      ALTER TABLE jobs ADD COLUMN commission_bps integer,
        ADD COLUMN disputed boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT jobs_commission_bps_check CHECK (commission_bps BETWEEN 0 AND 10000)`);
    // `amount` is what PesaPal charges: 0 for a payment fully covered by credit (it never has an order).
    await queryRunner.query(`
      ALTER TABLE transactions ADD COLUMN credit_applied integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT transactions_credit_applied_check CHECK (credit_applied >= 0),
        DROP CONSTRAINT transactions_amount_check,
        ADD CONSTRAINT transactions_amount_check CHECK (amount >= 0 AND amount + credit_applied > 0)`);
    await queryRunner.query(`
      CREATE TABLE earnings (
        job_id uuid PRIMARY KEY REFERENCES jobs (id),
        professional_id uuid NOT NULL REFERENCES users (id),
        amount integer NOT NULL,
        fee integer NOT NULL,
        status text NOT NULL DEFAULT 'held',
        release_at timestamptz NOT NULL,
        released_at timestamptz,
        voided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT earnings_status_check CHECK (status IN ('held', 'frozen', 'released', 'voided')),
        CONSTRAINT earnings_amounts_check CHECK (amount >= 0 AND fee >= 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX earnings_held_release_at_idx ON earnings (release_at) WHERE status = 'held'`,
    );
    await queryRunner.query(
      `CREATE INDEX earnings_professional_id_idx ON earnings (professional_id, status)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE earnings`);
    await queryRunner.query(`
      ALTER TABLE transactions DROP CONSTRAINT transactions_amount_check, DROP COLUMN credit_applied,
        ADD CONSTRAINT transactions_amount_check CHECK (amount > 0)`);
    await queryRunner.query(`ALTER TABLE jobs DROP COLUMN disputed, DROP COLUMN commission_bps`);
  }
}
