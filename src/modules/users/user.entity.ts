import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/auth/auth-context.js';
import type { SuspensionCategory, UserAccount, UserStatus } from './user.types.js';

// Kept here too for modules that still import them from the entity; new code imports user.types.ts.
export { SUSPENSION_CATEGORIES, type SuspensionCategory, type UserStatus } from './user.types.js';

/** A person who signs in. Never returned to clients as is: see user.mapper.ts. */
@Entity({ name: 'users' })
export class User implements UserAccount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Case-insensitive (citext); null once the account is deleted. */
  @Column({ type: 'citext', nullable: true })
  email!: string | null;

  /** E.164; null once the account is deleted. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', default: 'active' })
  status!: UserStatus;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  @Column({ name: 'consent_version', type: 'text', nullable: true })
  consentVersion!: string | null;

  @Column({ name: 'consented_at', type: 'timestamptz', nullable: true })
  consentedAt!: Date | null;

  /** TOTP secret sealed with TOTP_ENCRYPTION_KEY (common/crypto/secret-box.ts). */
  @Column({ name: 'two_factor_secret', type: 'text', nullable: true })
  twoFactorSecret!: string | null;

  /** Secret handed out by /auth/2fa/setup, waiting for the first code to confirm it. Sealed too. */
  @Column({ name: 'two_factor_pending_secret', type: 'text', nullable: true })
  twoFactorPendingSecret!: string | null;

  @Column({ name: 'two_factor_enabled_at', type: 'timestamptz', nullable: true })
  twoFactorEnabledAt!: Date | null;

  /** TOTP time step of the last accepted code, so a code cannot be replayed. */
  @Column({ name: 'two_factor_last_counter', type: 'bigint', nullable: true })
  twoFactorLastCounter!: string | null;

  /** Notifications are emailed too (in-app ones always exist). */
  @Column({ name: 'email_notifications', type: 'boolean', default: true })
  emailNotifications!: boolean;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  /** What the user is told at login; the admin's note stays internal. */
  @Column({ name: 'suspension_category', type: 'text', nullable: true })
  suspensionCategory!: SuspensionCategory | null;

  @Column({ name: 'suspension_note', type: 'text', nullable: true })
  suspensionNote!: string | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
