import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { PaymentStatus, RefundStatus } from './payment-status.js';

export type PreferredMethod = 'mobile_money' | 'card';

/**
 * A payment: one PesaPal order for a job (table `transactions`), with its refund. Its status changes only
 * through PaymentTransitions, its refund's through RefundTransitions.
 */
@Entity({ name: 'transactions' })
export class Payment {
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

  /** Whole UGX charged at PesaPal: the job's amount less `creditApplied` (0 when credit covered it all). */
  @Column({ type: 'integer' })
  amount!: number;

  /** The institution's credit this payment spends (whole UGX). */
  @Column({ name: 'credit_applied', type: 'integer', default: 0 })
  creditApplied!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  status!: PaymentStatus;

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

  /** When reconciliation next sends a `requesting` refund to PesaPal. */
  @Column({ name: 'refund_next_attempt_at', type: 'timestamptz', nullable: true })
  refundNextAttemptAt!: Date | null;

  @Column({ name: 'refund_attempts', type: 'integer', default: 0 })
  refundAttempts!: number;

  /** PesaPal's answer to the RefundRequest (why it refused, say). */
  @Column({ name: 'refund_message', type: 'text', nullable: true })
  refundMessage!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
