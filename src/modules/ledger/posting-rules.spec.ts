import { draftProblem, type JournalDraft } from './journal.js';
import * as rules from './posting-rules.js';

const job = 'job-1';
const pro = 'pro-1';
const school = 'school-1';

function byAccount(draft: JournalDraft): Record<string, number> {
  return Object.fromEntries(
    draft.postings.map((p) => [`${p.account.type}:${p.account.ownerId ?? '-'}`, p.amount]),
  );
}

describe('posting rules', () => {
  const drafts: [string, JournalDraft][] = [
    [
      'payment completed',
      rules.paymentCompleted({
        paymentId: 'p',
        jobId: job,
        payerId: school,
        charged: 50_000,
        credit: 30_000,
      }),
    ],
    ['job completed', rules.jobCompleted({ jobId: job, professionalId: pro, amount: 80_000, feeBps: 1000 })],
    ['earnings released', rules.earningsReleased({ jobId: job, professionalId: pro, amount: 72_000 })],
    [
      'earnings voided',
      rules.earningsVoided({ jobId: job, professionalId: pro, earning: 72_000, fee: 8_000, from: 'pending' }),
    ],
    [
      'refund requested',
      rules.refundRequested({
        paymentId: 'p',
        jobId: job,
        payerId: school,
        toPesapal: 50_000,
        toCredit: 30_000,
        attempt: '1',
      }),
    ],
    ['refund refused', rules.refundRefused({ paymentId: 'p', jobId: job, amount: 50_000, attempt: '1' })],
    ['refund confirmed', rules.refundConfirmed({ paymentId: 'p', jobId: job, amount: 50_000 })],
    [
      'returned as credit',
      rules.returnedAsCredit({ jobId: job, institutionId: school, amount: 20_000, key: 'k' }),
    ],
    ['payout requested', rules.payoutRequested({ payoutId: 'o', professionalId: pro, amount: 50_000 })],
    ['payout paid', rules.payoutPaid({ payoutId: 'o', professionalId: pro, amount: 50_000 })],
    ['payout failed', rules.payoutFailed({ payoutId: 'o', professionalId: pro, amount: 50_000 })],
  ];

  it.each(drafts)('%s: a valid entry summing to 0', (_name, draft) => {
    expect(draftProblem(draft)).toBeNull();
  });

  it('every event has its own key, so a raced or retried event posts once', () => {
    expect(new Set(drafts.map(([, d]) => d.key)).size).toBe(drafts.length);
    expect(
      rules.paymentCompleted({ paymentId: 'p', jobId: job, payerId: school, charged: 1, credit: 0 }).key,
    ).toBe('payment.completed:p');
  });

  it('payment of 80,000 then completion at 10 %: escrow in and out, 72,000 pending, 8,000 fee', () => {
    expect(
      byAccount(
        rules.paymentCompleted({ paymentId: 'p', jobId: job, payerId: school, charged: 80_000, credit: 0 }),
      ),
    ).toEqual({
      'pesapal_clearing:-': -80_000,
      'job_escrow:job-1': 80_000,
    });
    expect(
      byAccount(rules.jobCompleted({ jobId: job, professionalId: pro, amount: 80_000, feeBps: 1000 })),
    ).toEqual({
      'job_escrow:job-1': -80_000,
      'professional_pending:pro-1': 72_000,
      'platform_fees:-': 8_000,
    });
  });

  it('credit pays first: only the rest comes through PesaPal, and a refund gives the credit part back as credit', () => {
    expect(
      byAccount(
        rules.paymentCompleted({
          paymentId: 'p',
          jobId: job,
          payerId: school,
          charged: 50_000,
          credit: 30_000,
        }),
      ),
    ).toEqual({
      'pesapal_clearing:-': -50_000,
      'institution_credit:school-1': -30_000,
      'job_escrow:job-1': 80_000,
    });
    expect(
      byAccount(
        rules.refundRequested({
          paymentId: 'p',
          jobId: job,
          payerId: school,
          toPesapal: 50_000,
          toCredit: 30_000,
          attempt: '1',
        }),
      ),
    ).toEqual({
      'job_escrow:job-1': -80_000,
      'refunds_payable:-': 50_000,
      'institution_credit:school-1': 30_000,
    });
  });

  it('a job fully covered by credit posts nothing to PesaPal clearing', () => {
    const draft = rules.paymentCompleted({
      paymentId: 'p',
      jobId: job,
      payerId: school,
      charged: 0,
      credit: 80_000,
    });
    expect(byAccount(draft)).toEqual({ 'institution_credit:school-1': -80_000, 'job_escrow:job-1': 80_000 });
  });

  it('fees are whole UGX, rounded half up; 0 % leaves no fee posting', () => {
    expect(rules.feeOf(80_000, 1000)).toBe(8_000);
    expect(rules.feeOf(12_345, 1000)).toBe(1_235);
    expect(rules.feeOf(5, 1000)).toBe(1);
    expect(
      byAccount(rules.jobCompleted({ jobId: job, professionalId: pro, amount: 80_000, feeBps: 0 })),
    ).toEqual({
      'job_escrow:job-1': -80_000,
      'professional_pending:pro-1': 80_000,
    });
  });

  it('refuses drafts that do not balance, single postings and fractional amounts', () => {
    const base = rules.payoutPaid({ payoutId: 'o', professionalId: pro, amount: 10 });
    expect(
      draftProblem({ ...base, postings: [base.postings[0], { ...base.postings[1], amount: 9 }] }),
    ).toMatch(/sum to -1/);
    expect(draftProblem({ ...base, postings: [base.postings[0]] })).toMatch(/two postings/);
    expect(
      draftProblem({
        ...base,
        postings: [
          { ...base.postings[0], amount: -0.5 },
          { ...base.postings[1], amount: 0.5 },
        ],
      }),
    ).toMatch(/whole/);
  });
});
