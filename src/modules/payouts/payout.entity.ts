import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PayoutNetwork, PayoutStatus } from './payout-status.js';

/**
 * A professional's request to be paid out (table `payouts`). Network, phone and name are copied from
 * their payout account at request time. Its status changes only through PayoutTransitions.
 */
@Entity({ name: 'payouts' })
export class Payout {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'professional_id', type: 'uuid' })
  professionalId!: string;

  /** Whole UGX. */
  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  provider!: PayoutNetwork;

  /** E.164. */
  @Column({ type: 'text' })
  phone!: string;

  @Column({ name: 'account_name', type: 'text' })
  accountName!: string;

  @Column({ type: 'text' })
  status!: PayoutStatus;

  /** The mobile-money transaction id, once paid. */
  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  /** The admin who recorded it paid or failed (null: the system, e.g. a provider's answer). */
  @Column({ name: 'processed_by', type: 'uuid', nullable: true })
  processedBy!: string | null;

  /** The client's Idempotency-Key of the request that created it, if it sent one. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
