import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payouts: the mobile-money account a professional is paid to (one per professional) and their payout
 * requests. A payout copies the account's network, phone and name when it is requested, so changing the
 * account later does not change where a requested payout goes. Its money moves in the ledger
 * (payout.requested / paid / failed entries, journal_entries.payout_id).
 */
export class Payouts1764900000000 implements MigrationInterface {
  name = 'Payouts1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payout_accounts (
        professional_id uuid PRIMARY KEY REFERENCES users (id),
        provider text NOT NULL,
        phone text NOT NULL,
        account_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payout_accounts_provider_check CHECK (provider IN ('mtn', 'airtel'))
      )`);
    await queryRunner.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        professional_id uuid NOT NULL REFERENCES users (id),
        amount integer NOT NULL,
        currency text NOT NULL DEFAULT 'UGX',
        provider text NOT NULL,
        phone text NOT NULL,
        account_name text NOT NULL,
        status text NOT NULL DEFAULT 'requested',
        reference text,
        failure_reason text,
        processed_by uuid REFERENCES users (id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz,
        failed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payouts_amount_check CHECK (amount > 0),
        CONSTRAINT payouts_currency_check CHECK (currency = 'UGX'),
        CONSTRAINT payouts_provider_check CHECK (provider IN ('mtn', 'airtel')),
        CONSTRAINT payouts_status_check CHECK (status IN ('requested', 'paid', 'failed')),
        CONSTRAINT payouts_paid_check CHECK ((status = 'paid') = (paid_at IS NOT NULL AND reference IS NOT NULL)),
        CONSTRAINT payouts_failed_check CHECK ((status = 'failed') = (failed_at IS NOT NULL AND failure_reason IS NOT NULL))
      )`);
    // A professional's payouts, newest first; the admin queue by status, oldest first.
    await queryRunner.query(
      `CREATE INDEX payouts_professional_requested_idx ON payouts (professional_id, requested_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX payouts_status_requested_idx ON payouts (status, requested_at, id)`,
    );
    await queryRunner.query(`CREATE INDEX payouts_requested_idx ON payouts (requested_at, id)`);
    // One mobile-money transaction pays one payout: recording the same id twice is a mistake (409).
    await queryRunner.query(
      `CREATE UNIQUE INDEX payouts_provider_reference_key ON payouts (provider, reference) WHERE reference IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE payouts`);
    await queryRunner.query(`DROP TABLE payout_accounts`);
  }
}
