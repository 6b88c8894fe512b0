import { renderActionMail, type RenderedMail } from '../mail/templates/layout.js';

/** Everything a notification carries that an email template may use. */
export interface NotificationContent {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

interface EmailTemplate {
  intro: string;
  action: (data: Record<string, unknown>) => { label: string; path: string };
  footer?: string;
}

const job = (data: Record<string, unknown>) => `/jobs/${String(data.jobId ?? '')}`;
const payment = (data: Record<string, unknown>) => `/payments/${String(data.transactionId ?? '')}`;

/** One email per event type (plain text + HTML from the same parts); links go to FRONTEND_URL. */
const TEMPLATES: Record<string, EmailTemplate> = {
  'job.accepted': {
    intro: 'Good news: a verified professional accepted your job.',
    action: (d) => ({ label: 'Pay to confirm the booking', path: job(d) }),
  },
  'job.cancelled': {
    intro: 'A job you are part of was cancelled or given up.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
  },
  'job.expiring': {
    intro: 'Your job starts soon and nobody has accepted it yet.',
    action: (d) => ({ label: 'Review the job', path: job(d) }),
    footer: 'Raising the rate or widening the required skills often helps.',
  },
  'job.expired': {
    intro: 'Your job reached its start time without being accepted.',
    action: () => ({ label: 'Post a new job', path: '/jobs/new' }),
  },
  'payment.completed': {
    intro: 'PesaPal confirmed a payment.',
    action: (d) => ({ label: 'See the payment', path: payment(d) }),
  },
  'payment.failed': {
    intro: 'A payment did not go through. Nothing was charged.',
    action: (d) => ({ label: 'Try again', path: job(d) }),
  },
  'payment.refunded': {
    intro: 'A payment was refunded through PesaPal.',
    action: (d) => ({ label: 'See the payment', path: payment(d) }),
  },
  'payout.requested': {
    intro: 'We received your payout request.',
    action: () => ({ label: 'See your payouts', path: '/payouts' }),
  },
  'payout.paid': {
    intro: 'Your payout was sent to your mobile-money account.',
    action: () => ({ label: 'See your payouts', path: '/payouts' }),
  },
  'payout.failed': {
    intro: 'Your payout could not be sent. The money is available to pay out again.',
    action: () => ({ label: 'Check your payout account', path: '/payouts' }),
  },
  'dispute.opened': {
    intro: 'A dispute was opened about a job you are part of. An admin will look at it and decide.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
  },
  'dispute.resolved': {
    intro: 'An admin resolved the dispute about a job you are part of.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
  },
  'shift.reminder': {
    intro: 'A shift you are booked for starts soon.',
    action: (d) => ({ label: 'See the shift', path: job(d) }),
  },
  'shift.confirm_reminder': {
    intro: 'Please confirm that you will come to a shift you are booked for.',
    action: (d) => ({ label: 'Confirm the shift', path: job(d) }),
  },
  'shift.confirmed': {
    intro: 'The professional confirmed a booked shift.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
  },
  'shift.at_risk': {
    intro: 'A booked shift is not confirmed yet and may be at risk.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
  },
  'shift.no_check_in': {
    intro: 'A shift started and nobody checked in.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
    footer: 'If the professional did not come, report a no-show from the job page: you are refunded in full.',
  },
  'timesheet.submitted': {
    intro: 'The professional submitted the hours they worked on your job.',
    action: (d) => ({ label: 'Review the timesheet', path: job(d) }),
  },
  'timesheet.approved': {
    intro: 'Your timesheet was approved and the job is complete.',
    action: (d) => ({ label: 'See the job', path: job(d) }),
  },
  'document.approved': {
    intro: 'An admin reviewed one of your documents.',
    action: () => ({ label: 'See your documents', path: '/profile/documents' }),
  },
  'document.rejected': {
    intro: 'An admin reviewed one of your documents and could not accept it.',
    action: () => ({ label: 'Upload a new file', path: '/profile/documents' }),
  },
  'rating.received': {
    intro: 'Someone you worked with rated you.',
    action: () => ({ label: 'See your ratings', path: '/profile/ratings' }),
  },
};

const FALLBACK: EmailTemplate = {
  intro: 'There is news on your Qgig account.',
  action: () => ({ label: 'Open Qgig', path: '/' }),
};

export function renderNotificationEmail(
  content: NotificationContent,
  recipientName: string,
  frontendUrl: string,
): RenderedMail {
  const template = TEMPLATES[content.type] ?? FALLBACK;
  const action = template.action(content.data);
  return renderActionMail({
    subject: content.title,
    name: recipientName,
    paragraphs: [template.intro, content.body],
    action: { label: action.label, url: `${frontendUrl}${action.path}` },
    footer:
      template.footer ??
      'You receive these emails because of activity on your Qgig account. Turn them off in your settings.',
  });
}

export const EMAIL_NOTIFICATION_TYPES = Object.keys(TEMPLATES);
