import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { PdfFile } from '../../common/pdf/pdf-file.js';
import { kampalaMonthRange } from '../../common/time/kampala-calendar.js';
import { JobsService } from '../jobs/jobs.service.js';
import { LedgerService, type PostingRow } from '../ledger/ledger.service.js';
import { UsersService } from '../users/users.service.js';
import {
  renderStatement,
  STATEMENT_ACCOUNTS,
  type StatementAccount,
  type StatementLine,
} from './statement-pdf.js';
import type { StatementMonth } from './statement-month.js';

/** After every posting there will ever be (postings after the month give its closing balances). */
const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/** `ST-2026-11-1a2b3c4d`: one statement number per professional and month. */
export function statementNumber(userId: string, month: StatementMonth): string {
  return `ST-${month.text}-${userId.slice(0, 8)}`;
}

/** Monthly earnings statements of professionals, from the ledger. */
@Injectable()
export class StatementsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly jobs: JobsService,
    private readonly users: UsersService,
  ) {}

  async statement(caller: AuthContext, month: StatementMonth): Promise<PdfFile> {
    const { from, to } = kampalaMonthRange(month.year, month.month);
    // Read in this order: a posting made meanwhile is then either in `later`/`rows` or in none of them.
    const current = await this.ledger.balances(caller.userId, STATEMENT_ACCOUNTS);
    const rows = await this.ledger.postingsBetween(caller.userId, STATEMENT_ACCOUNTS, from, to);
    const later = await this.ledger.postingsBetween(caller.userId, STATEMENT_ACCOUNTS, to, END_OF_TIME);
    const closing = balancesAt(STATEMENT_ACCOUNTS, (type) => {
      const next = later.find((row) => row.account_type === type);
      if (next) return Number(next.balance_after) - Number(next.amount);
      const last = rows.findLast((row) => row.account_type === type);
      return last ? Number(last.balance_after) : (current.get(type) ?? 0);
    });
    const opening = balancesAt(STATEMENT_ACCOUNTS, (type) => {
      const first = rows.find((row) => row.account_type === type);
      return first ? Number(first.balance_after) - Number(first.amount) : closing[type];
    });
    const titles = await this.jobTitles(caller, rows);
    const lines = rows.map((row): StatementLine => ({
      at: new Date(row.at),
      what: describe(row, titles),
      account: row.account_type as StatementAccount,
      amount: Number(row.amount),
      balanceAfter: Number(row.balance_after),
    }));
    const sum = (kind: string, sign: 1 | -1) =>
      rows.filter((row) => row.kind === kind).reduce((total, row) => total + sign * Number(row.amount), 0);
    const number = statementNumber(caller.userId, month);
    const data = await renderStatement({
      number,
      professionalName: (await this.users.findById(caller.userId))?.name ?? 'Professional',
      year: month.year,
      month: month.month,
      from,
      to,
      issuedAt: new Date(),
      lines,
      opening,
      closing,
      earned: sum('job.completed', 1) + sum('job.cancellation_compensation', 1),
      reversed: sum('earnings.voided', -1),
      paidOut: sum('payout.paid', -1),
    });
    return { fileName: `${number}.pdf`, data };
  }

  /** The titles of the jobs the postings are about (a job the caller can no longer see keeps its id). */
  private async jobTitles(caller: AuthContext, rows: PostingRow[]): Promise<Map<string, string>> {
    const titles = new Map<string, string>();
    for (const jobId of new Set(rows.map((row) => row.job_id).filter((id): id is string => id !== null))) {
      try {
        titles.set(jobId, (await this.jobs.get(caller, jobId)).title);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
      }
    }
    return titles;
  }
}

function balancesAt(
  types: readonly StatementAccount[],
  balanceOf: (type: StatementAccount) => number,
): Record<StatementAccount, number> {
  return Object.fromEntries(types.map((type) => [type, balanceOf(type)])) as Record<StatementAccount, number>;
}

/** What a posting means to the professional. */
function describe(row: PostingRow, titles: Map<string, string>): string {
  const job = row.job_id ? `job “${titles.get(row.job_id) ?? row.job_id.slice(0, 8)}”` : 'job';
  switch (row.kind) {
    case 'job.completed':
      return `Earned (${job})`;
    case 'job.cancellation_compensation':
      return `Compensation: cancelled late (${job})`;
    case 'earnings.released':
      return `Released for payout (${job})`;
    case 'earnings.voided':
      return `Earnings reversed (${job})`;
    case 'payout.requested':
      return 'Payout requested';
    case 'payout.paid':
      return 'Payout paid';
    case 'payout.failed':
      return 'Payout failed: returned to available';
    default:
      return row.kind;
  }
}
