/** What every document Qgig issues says about who issued it (receipts, statements). */
export const QGIG_LEGAL_IDENTITY =
  'Qgig · Kampala, Uganda · support@qgig.ug · substitute professionals for institutions';

/** Whole UGX as Ugandans write it: `80,000 UGX`. */
export function formatAmount(amount: number, currency = 'UGX'): string {
  return `${amount.toLocaleString('en-UG')} ${currency}`;
}

/** A signed amount for statements: `+72,000`, `-50,000`. */
export function formatSignedAmount(amount: number): string {
  return `${amount > 0 ? '+' : amount < 0 ? '-' : ''}${Math.abs(amount).toLocaleString('en-UG')}`;
}
