import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments through PesaPal: one row per order submitted (the SRS `transactions` table, extended with what
 * reconciliation and refunds need), and the IPN registration reused across restarts and instances.
 */
export class Payments1764400000000 implements MigrationInterface {
  name = 'Payments1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE transactions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        job_id uuid NOT NULL,
        payer_id uuid NOT NULL,
        merchant_reference text NOT NULL,
        order_tracking_id text,
        redirect_url text,
        amount integer NOT NULL,
        currency text NOT NULL DEFAULT 'UGX',
        status text NOT NULL DEFAULT 'pending',
        preferred_method text,
        payment_method text,
        confirmation_code text,
        payment_account text,
        attempts integer NOT NULL DEFAULT 0,
        next_check_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        last_status jsonb,
        completed_at timestamptz,
        refund_status text,
        refund_amount integer,
        refund_remarks text,
        refund_requested_by uuid,
        refund_requested_at timestamptz,
        refunded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT transactions_pkey PRIMARY KEY (id),
        CONSTRAINT transactions_merchant_reference_key UNIQUE (merchant_reference),
        CONSTRAINT transactions_order_tracking_id_key UNIQUE (order_tracking_id),
        CONSTRAINT transactions_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id),
        CONSTRAINT transactions_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES users (id),
        CONSTRAINT transactions_refund_requested_by_fkey FOREIGN KEY (refund_requested_by) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT transactions_amount_check CHECK (amount > 0),
        CONSTRAINT transactions_status_check CHECK (status IN ('pending', 'completed', 'failed', 'reversed', 'expired')),
        CONSTRAINT transactions_preferred_method_check CHECK (preferred_method IN ('mobile_money', 'card')),
        CONSTRAINT transactions_refund_status_check CHECK (refund_status IN ('requested', 'refused', 'refunded')),
        CONSTRAINT transactions_refund_amount_check CHECK (refund_amount > 0 AND refund_amount <= amount)
      )`);
    await queryRunner.query(
      `CREATE TRIGGER transactions_touch_updated_at BEFORE UPDATE ON transactions FOR EACH ROW EXECUTE FUNCTION touch_updated_at()`,
    );
    // One live order per job, and never two completed payments for one job.
    await queryRunner.query(
      `CREATE UNIQUE INDEX transactions_one_pending_per_job_key ON transactions (job_id) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX transactions_one_completed_per_job_key ON transactions (job_id) WHERE status = 'completed'`,
    );
    // Reconciliation: pending payments by when they are next due.
    await queryRunner.query(
      `CREATE INDEX transactions_pending_next_check_at_idx ON transactions (next_check_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX transactions_job_id_idx ON transactions (job_id, created_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX transactions_payer_id_idx ON transactions (payer_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX transactions_status_created_at_idx ON transactions (status, created_at DESC, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE pesapal_ipn_registrations (
        api_base_url text NOT NULL,
        ipn_url text NOT NULL,
        ipn_id text NOT NULL,
        notification_type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pesapal_ipn_registrations_pkey PRIMARY KEY (api_base_url, ipn_url)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pesapal_ipn_registrations`);
    await queryRunner.query(`DROP TABLE transactions`);
  }
}
