import { formatAmount, QGIG_LEGAL_IDENTITY } from '../../../common/pdf/document-text.js';
import { PdfSheet } from '../../../common/pdf/pdf-sheet.js';
import { formatCalendarDate, formatKampalaDateTime } from '../../../common/time/kampala-calendar.js';

export interface ReceiptView {
  number: string;
  institutionName: string;
  job: { title: string; date: string; startTime: string; endTime: string } | null;
  amount: number;
  currency: string;
  paymentMethod: string | null;
  confirmationCode: string | null;
  completedAt: Date;
  /** The payment went back to the payer after the receipt was issued (refunded or reversed at PesaPal). */
  refunded: boolean;
  refundedAt: Date | null;
}

/** PesaPal's method codes as a payer knows them. */
const METHOD_NAMES: Record<string, string> = {
  MTNUG: 'MTN Mobile Money',
  AIRTELUG: 'Airtel Money',
  VISA: 'Visa card',
  MASTERCARD: 'Mastercard',
};

export function paymentMethodName(method: string | null): string {
  if (!method) return 'PesaPal';
  return METHOD_NAMES[method.toUpperCase()] ?? method;
}

/** The receipt a payer institution downloads: who was paid, for which job, how much, and PesaPal's code. */
export async function renderReceipt(view: ReceiptView): Promise<Buffer> {
  const sheet = await PdfSheet.create({ title: `Receipt ${view.number}`, subject: 'Qgig payment receipt' });
  sheet.text('Qgig', { size: 22, bold: true }).text(QGIG_LEGAL_IDENTITY, { size: 9, grey: true }).space(12);
  sheet.text(`Receipt ${view.number}`, { size: 15, bold: true }).rule().space(4);
  sheet.field('Receipt number', view.number);
  sheet.field('Received from', view.institutionName);
  sheet.field('For', view.job ? `Job: ${view.job.title}` : 'Job');
  if (view.job) {
    sheet.field(
      'Job date',
      `${formatCalendarDate(view.job.date)}, ${view.job.startTime}–${view.job.endTime}`,
    );
  }
  sheet.field('Amount', formatAmount(view.amount, view.currency));
  sheet.field('Payment method', `${paymentMethodName(view.paymentMethod)} (through PesaPal)`);
  sheet.field('PesaPal confirmation code', view.confirmationCode ?? '—');
  sheet.field('Paid on', formatKampalaDateTime(view.completedAt));
  if (view.refunded && view.refundedAt) sheet.field('Refunded on', formatKampalaDateTime(view.refundedAt));
  sheet.space(16).rule();
  sheet.text(
    view.refunded
      ? 'This payment was refunded to the payer through PesaPal after this receipt was issued.'
      : 'Payment received with thanks. Times are Kampala time (EAT, UTC+03:00).',
    { size: 9, grey: true },
  );
  return sheet.bytes();
}
