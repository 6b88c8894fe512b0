import type { Role } from '../../common/auth/auth-context.js';

export type UserStatus = 'active' | 'suspended' | 'deleted';
export const SUSPENSION_CATEGORIES = [
  'fraud',
  'abuse',
  'no_shows',
  'fake_documents',
  'policy_violation',
  'other',
] as const;
export type SuspensionCategory = (typeof SUSPENSION_CATEGORIES)[number];

/**
 * A user as other modules see it (a plain shape, not the entity). It carries the credential columns
 * because auth needs them; never return it to clients: see user.mapper.ts.
 */
export interface UserAccount {
  id: string;
  name: string;
  /** null once the account is deleted. */
  email: string | null;
  /** E.164; null once the account is deleted. */
  phone: string | null;
  passwordHash: string | null;
  role: Role;
  status: UserStatus;
  emailVerifiedAt: Date | null;
  consentVersion: string | null;
  consentedAt: Date | null;
  twoFactorSecret: string | null;
  twoFactorPendingSecret: string | null;
  twoFactorEnabledAt: Date | null;
  twoFactorLastCounter: string | null;
  emailNotifications: boolean;
  passwordChangedAt: Date | null;
  suspendedAt: Date | null;
  suspensionCategory: SuspensionCategory | null;
  suspensionNote: string | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  name: string;
  email: string;
  phone: string;
  passwordHash: string;
  role: Role;
  consentVersion: string | null;
  emailVerified?: boolean;
}

/** What the user may change about themselves (PATCH /users/me). */
export interface ProfileChanges {
  name?: string;
  phone?: string;
  emailNotifications?: boolean;
}

/** Columns written together with a status (suspension details, deletion's anonymisation). */
export interface StatusColumns {
  suspendedAt?: Date | null;
  suspensionCategory?: SuspensionCategory | null;
  suspensionNote?: string | null;
  deletedAt?: Date | null;
  name?: string;
  email?: null;
  phone?: null;
  passwordHash?: null;
}
