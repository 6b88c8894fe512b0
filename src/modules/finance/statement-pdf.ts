import { formatAmount, formatSignedAmount, QGIG_LEGAL_IDENTITY } from '../../common/pdf/document-text.js';
import { PdfSheet, type TableColumn } from '../../common/pdf/pdf-sheet.js';
import { formatKampalaDate, formatKampalaDateTime, formatMonth } from '../../common/time/kampala-calendar.js';

export const STATEMENT_ACCOUNTS = [
  'professional_pending',
  'professional_available',
  'payouts_in_flight',
] as const;
export type StatementAccount = (typeof STATEMENT_ACCOUNTS)[number];

export const ACCOUNT_NAMES: Record<StatementAccount, string> = {
  professional_pending: 'Pending',
  professional_available: 'Available',
  payouts_in_flight: 'Payout in flight',
};

export interface StatementLine {
  at: Date;
  what: string;
  account: StatementAccount;
  amount: number;
  balanceAfter: number;
}

export interface StatementView {
  number: string;
  professionalName: string;
  year: number;
  month: number;
  from: Date;
  /** The last instant of the month is just before this. */
  to: Date;
  issuedAt: Date;
  lines: StatementLine[];
  opening: Record<StatementAccount, number>;
  closing: Record<StatementAccount, number>;
  earned: number;
  reversed: number;
  paidOut: number;
}

const COLUMNS: TableColumn[] = [
  { header: 'Date', width: 72 },
  { header: 'What', width: 203 },
  { header: 'Account', width: 80 },
  { header: 'Amount (UGX)', width: 70, align: 'right' },
  { header: 'Balance after', width: 70, align: 'right' },
];

/** A professional's month: every movement of their earnings accounts, the month's totals, the balances. */
export async function renderStatement(view: StatementView): Promise<Buffer> {
  const sheet = await PdfSheet.create({
    title: `Earnings statement ${view.number}`,
    subject: 'Qgig earnings statement',
  });
  sheet.text('Qgig', { size: 22, bold: true }).text(QGIG_LEGAL_IDENTITY, { size: 9, grey: true }).space(12);
  sheet.text(`Earnings statement ${view.number}`, { size: 15, bold: true }).rule().space(4);
  sheet.field('Statement number', view.number);
  sheet.field('Professional', view.professionalName);
  sheet.field(
    'Period',
    `${formatMonth(view.year, view.month)} (${formatKampalaDate(view.from)} to ` +
      `${formatKampalaDate(new Date(view.to.getTime() - 1))}, Kampala time)`,
  );
  sheet.field('Issued', formatKampalaDateTime(view.issuedAt));
  sheet.space(10).text('Summary', { size: 12, bold: true });
  for (const account of STATEMENT_ACCOUNTS) {
    sheet.field(`Opening: ${ACCOUNT_NAMES[account]}`, formatAmount(view.opening[account]));
  }
  sheet.field('Earned this month', formatAmount(view.earned));
  if (view.reversed !== 0) sheet.field('Earnings reversed', formatAmount(view.reversed));
  sheet.field('Paid out this month', formatAmount(view.paidOut));
  for (const account of STATEMENT_ACCOUNTS) {
    sheet.field(`Closing: ${ACCOUNT_NAMES[account]}`, formatAmount(view.closing[account]));
  }
  sheet.space(10).text('Entries', { size: 12, bold: true });
  if (view.lines.length === 0) {
    sheet.text('No entries in this month.', { grey: true });
  } else {
    sheet.table(
      COLUMNS,
      view.lines.map((line) => [
        formatKampalaDate(line.at),
        line.what,
        ACCOUNT_NAMES[line.account],
        formatSignedAmount(line.amount),
        line.balanceAfter.toLocaleString('en-UG'),
      ]),
    );
  }
  sheet.space(12).rule();
  sheet.text(
    'Pending earnings become available after the holding period; available earnings can be paid out. ' +
      'Dates are Kampala time.',
    { size: 8, grey: true },
  );
  return sheet.bytes();
}
