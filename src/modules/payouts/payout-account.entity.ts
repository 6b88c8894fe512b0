import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PayoutNetwork } from './payout-status.js';

/** Where a professional's payouts go: one mobile-money number (table `payout_accounts`). */
@Entity({ name: 'payout_accounts' })
export class PayoutAccount {
  @PrimaryColumn({ name: 'professional_id', type: 'uuid' })
  professionalId!: string;

  @Column({ type: 'text' })
  provider!: PayoutNetwork;

  /** E.164, on the provider's network. */
  @Column({ type: 'text' })
  phone!: string;

  /** The name the mobile-money account is registered to. */
  @Column({ name: 'account_name', type: 'text' })
  accountName!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
