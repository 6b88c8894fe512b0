/**
 * The ledger's accounts (one row each, created on first use). Balances follow the postings' sign: money the
 * platform holds for someone is a positive balance of that account (escrow, earnings, credit, fees), and
 * the PesaPal clearing account goes negative as money arrives at PesaPal for us, so every entry sums to 0.
 */
export const ACCOUNT_TYPES = [
  'pesapal_clearing',
  'job_escrow',
  'professional_pending',
  'professional_available',
  'payouts_in_flight',
  'institution_credit',
  'refunds_payable',
  'platform_fees',
] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** An account: its type and, for per-job and per-user accounts, whose it is. */
export interface AccountRef {
  type: AccountType;
  ownerId: string | null;
}

/** Only PesaPal's clearing account may go below zero; the database refuses it for every other. */
export function mayGoNegative(type: AccountType): boolean {
  return type === 'pesapal_clearing';
}

export const accounts = {
  /** Money held for us at PesaPal (negative: PesaPal owes it to us). */
  clearing: { type: 'pesapal_clearing', ownerId: null } as AccountRef,
  /** Qgig's commission. */
  platformFees: { type: 'platform_fees', ownerId: null } as AccountRef,
  /** Refunds requested at PesaPal, not yet confirmed. */
  refundsPayable: { type: 'refunds_payable', ownerId: null } as AccountRef,
  /** Paid for a job, not yet earned. */
  escrow: (jobId: string): AccountRef => ({ type: 'job_escrow', ownerId: jobId }),
  /** Earned, in the holding period. */
  pending: (professionalId: string): AccountRef => ({
    type: 'professional_pending',
    ownerId: professionalId,
  }),
  /** May be paid out. */
  available: (professionalId: string): AccountRef => ({
    type: 'professional_available',
    ownerId: professionalId,
  }),
  /** Requested payouts, not yet confirmed paid. */
  inFlight: (professionalId: string): AccountRef => ({ type: 'payouts_in_flight', ownerId: professionalId }),
  /** Owed back to an institution, spent first on its next payments. */
  credit: (institutionId: string): AccountRef => ({ type: 'institution_credit', ownerId: institutionId }),
};

export function accountKey(account: AccountRef): string {
  return `${account.type}:${account.ownerId ?? '-'}`;
}
