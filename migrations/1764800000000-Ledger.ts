import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry ledger: accounts (one row each, created on first use, with a cached balance), journal
 * entries (unique idempotency key) and their postings. PostgreSQL itself refuses an entry whose postings do
 * not sum to zero (a deferred constraint trigger, checked at commit), any change to a posting or entry
 * (corrections are new entries), and a balance below zero on every account but the PesaPal clearing account.
 */
export class Ledger1764800000000 implements MigrationInterface {
  name = 'Ledger1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_accounts (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        owner_id uuid,
        currency text NOT NULL DEFAULT 'UGX',
        balance bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_accounts_type_check CHECK (type IN ('pesapal_clearing', 'job_escrow',
          'professional_pending', 'professional_available', 'payouts_in_flight', 'institution_credit',
          'refunds_payable', 'platform_fees')),
        CONSTRAINT ledger_accounts_owner_check CHECK ((owner_id IS NULL) =
          (type IN ('pesapal_clearing', 'refunds_payable', 'platform_fees'))),
        CONSTRAINT ledger_accounts_not_overdrawn CHECK (type = 'pesapal_clearing' OR balance >= 0)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ledger_accounts_type_owner_key ON ledger_accounts (type, coalesce(owner_id, '00000000-0000-0000-0000-000000000000'))`,
    );
    await queryRunner.query(`
      CREATE TABLE journal_entries (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        kind text NOT NULL,
        job_id uuid,
        payment_id uuid,
        payout_id uuid,
        dispute_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT journal_entries_key_key UNIQUE (key)
      )`);
    await queryRunner.query(`CREATE INDEX journal_entries_job_id_idx ON journal_entries (job_id)`);
    await queryRunner.query(`
      CREATE TABLE postings (
        id bigserial PRIMARY KEY,
        entry_id bigint NOT NULL REFERENCES journal_entries (id),
        account_id bigint NOT NULL REFERENCES ledger_accounts (id),
        amount bigint NOT NULL,
        balance_after bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT postings_amount_check CHECK (amount <> 0)
      )`);
    await queryRunner.query(`CREATE INDEX postings_account_id_idx ON postings (account_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX postings_entry_id_idx ON postings (entry_id)`);
    await queryRunner.query(`
      CREATE FUNCTION journal_entry_sums_to_zero() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT coalesce(sum(amount), 0) FROM postings WHERE entry_id = NEW.entry_id) <> 0 THEN
          RAISE EXCEPTION 'journal entry % does not sum to zero', NEW.entry_id USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER postings_sum_to_zero AFTER INSERT ON postings
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_sums_to_zero()`);
    await queryRunner.query(`
      CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: post a correcting entry instead', TG_TABLE_NAME USING ERRCODE = '42501';
      END $$`);
    for (const table of ['postings', 'journal_entries']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE postings`);
    await queryRunner.query(`DROP TABLE journal_entries`);
    await queryRunner.query(`DROP TABLE ledger_accounts`);
    await queryRunner.query(`DROP FUNCTION ledger_is_append_only()`);
    await queryRunner.query(`DROP FUNCTION journal_entry_sums_to_zero()`);
  }
}
