import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TransactionStatus = 'pending' | 'completed' | 'failed' | 'reversed' | 'expired';
export type PreferredMethod = 'mobile_money' | 'card';
export type RefundStatus = 'requested' | 'refused' | 'refunded';

/** One PesaPal order for a job. Its status changes only on PesaPal's GetTransactionStatus answer. */
@Entity({ name: 'transactions' })
export class Transaction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'payer_id', type: 'uuid' })
  payerId!: string;

  /** Our order id at PesaPal: fresh per order (PesaPal may answer a reused one with an older order). */
  @Column({ name: 'merchant_reference', type: 'text' })
  merchantReference!: string;

  @Column({ name: 'order_tracking_id', type: 'text', nullable: true })
  orderTrackingId!: string | null;

  @Column({ name: 'redirect_url', type: 'text', nullable: true })
  redirectUrl!: string | null;

  /** Whole UGX. */
  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  status!: TransactionStatus;

  @Column({ name: 'preferred_method', type: 'text', nullable: true })
  preferredMethod!: PreferredMethod | null;

  /** As PesaPal names it, e.g. MTNUG, AIRTELUG, Visa. */
  @Column({ name: 'payment_method', type: 'text', nullable: true })
  paymentMethod!: string | null;

  @Column({ name: 'confirmation_code', type: 'text', nullable: true })
  confirmationCode!: string | null;

  @Column({ name: 'payment_account', type: 'text', nullable: true })
  paymentAccount!: string | null;

  /** Status checks made by reconciliation. */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_check_at', type: 'timestamptz' })
  nextCheckAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_status', type: 'jsonb', nullable: true })
  lastStatus!: Record<string, unknown> | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'refund_status', type: 'text', nullable: true })
  refundStatus!: RefundStatus | null;

  @Column({ name: 'refund_amount', type: 'integer', nullable: true })
  refundAmount!: number | null;

  @Column({ name: 'refund_remarks', type: 'text', nullable: true })
  refundRemarks!: string | null;

  @Column({ name: 'refund_requested_by', type: 'uuid', nullable: true })
  refundRequestedBy!: string | null;

  @Column({ name: 'refund_requested_at', type: 'timestamptz', nullable: true })
  refundRequestedAt!: Date | null;

  @Column({ name: 'refunded_at', type: 'timestamptz', nullable: true })
  refundedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
