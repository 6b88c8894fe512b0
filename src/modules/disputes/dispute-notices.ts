import { feeOf } from '../../common/money.js';
import type { NotificationEvent } from '../notifications/notifications.service.js';
import type { DisputeOutcome } from './dispute-status.js';

/** What a resolution did with the job's money, for the parties' notifications. */
export interface ResolvedMoney {
  outcome: DisputeOutcome;
  /** The job's amount. */
  amount: number;
  currency: string;
  /** What the professional gets before commission (the whole amount on release, 0 on refund). */
  professionalAmount: number;
  commissionBps: number;
  /** How the institution's part goes back: through PesaPal, or as credit for its next payment. */
  returnedAs: 'refund' | 'credit' | null;
}

interface Parties {
  jobId: string;
  title: string;
  institutionId: string;
  professionalId: string | null;
}

const ugx = (amount: number, currency: string) => `${amount.toLocaleString('en-UG')} ${currency}`;

/** Both parties hear that a dispute was opened (the one who opened it too, as a receipt). */
export function openedNotices(
  job: Parties,
  dispute: { id: string; reason: string; openedByRole: 'institution' | 'professional' },
): NotificationEvent[] {
  const by = dispute.openedByRole === 'institution' ? 'The institution' : 'The professional';
  const body =
    `${by} disputes this job: “${dispute.reason}”. Completion and payment of the earnings wait until ` +
    'an admin has looked at it and decided.';
  return [job.institutionId, job.professionalId]
    .filter((userId): userId is string => userId !== null)
    .map((userId) => ({
      userId,
      type: 'dispute.opened',
      title: `A dispute was opened about “${job.title}”`,
      body,
      data: { jobId: job.jobId, disputeId: dispute.id },
      dedupeKey: `dispute.opened:${dispute.id}`,
    }));
}

/** Both parties hear the outcome, with what each of them gets. */
export function resolvedNotices(
  job: Parties,
  disputeId: string,
  money: ResolvedMoney,
  note: string,
): NotificationEvent[] {
  const back = money.amount - money.professionalAmount;
  const fee = feeOf(money.professionalAmount, money.commissionBps);
  const earned = money.professionalAmount - fee;
  const how =
    money.returnedAs === 'credit'
      ? 'as credit, spent first on your next payment'
      : 'refunded through PesaPal to the account that paid';
  const forInstitution =
    back === 0
      ? `The professional is paid the full ${ugx(money.amount, money.currency)}.`
      : `${ugx(back, money.currency)} goes back to you, ${how}.`;
  const forProfessional =
    earned === 0
      ? 'You are not paid for this job.'
      : `You earn ${ugx(earned, money.currency)} (${ugx(money.professionalAmount, money.currency)} less ` +
        `Qgig's fee of ${ugx(fee, money.currency)}), paid out after the usual holding period.`;
  const title = `The dispute about “${job.title}” was resolved: ${money.outcome}`;
  const notices: NotificationEvent[] = [
    {
      userId: job.institutionId,
      type: 'dispute.resolved',
      title,
      body: `${forInstitution} Admin's note: ${note}`,
      data: { jobId: job.jobId, disputeId, outcome: money.outcome, returned: back },
      dedupeKey: `dispute.resolved:${disputeId}`,
    },
  ];
  if (job.professionalId) {
    notices.push({
      userId: job.professionalId,
      type: 'dispute.resolved',
      title,
      body: `${forProfessional} Admin's note: ${note}`,
      data: { jobId: job.jobId, disputeId, outcome: money.outcome, earned },
      dedupeKey: `dispute.resolved:${disputeId}`,
    });
  }
  return notices;
}
