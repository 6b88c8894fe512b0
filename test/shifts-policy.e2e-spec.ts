import { Clock } from '../src/common/clock/clock.js';
import { JobLifecycleWorker } from '../src/modules/jobs/job-lifecycle.worker.js';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { moveJobToPast, type PostedJob } from './factories/jobs.js';
import { emulatorControl, eventually, paidJob, transactionRow } from './factories/payments.js';
import { bulkVerifiedProfessionals } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const HOUR = 3_600_000;

/**
 * The cancellation policy over HTTP: a late cancellation (< 24 h before the start) pays the professional
 * min(4 h, the shift) less the commission and returns the rest; an early one returns everything; a
 * professional withdrawing from a paid shift reopens it with its payment kept in escrow.
 */
describe('Shifts: cancellation policy and withdrawal from a paid shift', () => {
  let t: TestApp;
  let clock: Clock;
  let emulator: ReturnType<typeof emulatorControl>;
  let travelled = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { PLATFORM_FEE_PERCENT: '10' } });
    clock = t.app.get(Clock);
    emulator = emulatorControl(t);
  });
  afterEach(() => {
    clock.travel(-travelled);
    travelled = 0;
  });
  afterAll(() => t.close());

  /** Moves the app's clock so it reads `hours` before the job's start. */
  const hoursBeforeStart = (job: PostedJob, hours: number) => {
    const ms = Date.parse(String(job.startsAt)) - hours * HOUR - clock.now().getTime();
    clock.travel(ms);
    travelled += ms;
  };
  const ledger = {
    balance: async (
      ownerId: string,
      type: 'job_escrow' | 'institution_credit' | 'professional_pending',
    ): Promise<number> => (await t.app.get(LedgerService).balances(ownerId, [type])).get(type) ?? 0,
    platform: async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (await t.app.get(LedgerService).trialBalance()).accounts.map((a) => [a.type, a.balance]),
      ),
  };
  const cancel = (user: SignedInUser, jobId: string, reason = 'Ward closed for the day.') =>
    t.http
      .post(`/api/v1/jobs/${jobId}/cancel`)
      .set(...bearer(user))
      .send({ reason });
  const accept = (user: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/accept`).set(...bearer(user));
  const pendingEarnings = async (professional: SignedInUser): Promise<number> =>
    (await t.http.get('/api/v1/professional/earnings').set(...bearer(professional))).body.pending;

  describe('the institution cancels a booked shift', () => {
    it('3 h before the start (mobile money): 4 h × 15,000 less 10 % to the professional, 75,000 back as credit', async () => {
      const { institution, professional, job, payment } = await paidJob(t); // 8:00–17:00 at 15,000/h
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(135_000);
      const before = await ledger.platform();
      hoursBeforeStart(job, 3);

      const res = await cancel(institution, job.id);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(54_000);
      expect(await pendingEarnings(professional)).toBe(54_000);
      expect(await ledger.balance(institution.id, 'institution_credit')).toBe(75_000);
      const after = await ledger.platform();
      expect(after.platform_fees - (before.platform_fees ?? 0)).toBe(6_000);
      expect((after.refunds_payable ?? 0) - (before.refunds_payable ?? 0)).toBe(0);
      // Mobile money is refunded in full only: no RefundRequest, the payment stays completed.
      expect(await transactionRow(t, payment.transactionId)).toEqual(
        expect.objectContaining({ status: 'completed', refund_status: null }),
      );
      const note = await t.db.pool.query(
        `SELECT body FROM notifications WHERE user_id = $1 AND type = 'job.cancelled'`,
        [professional.id],
      );
      expect(note.rows[0].body).toContain('paid 60000 UGX');
      const entries = await t.http.get('/api/v1/professional/earnings/entries').set(...bearer(professional));
      expect(entries.body.items.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
        ['job.cancellation_compensation', 54_000],
      ]);
    });

    it('3 h before the start (card): a partial RefundRequest of the rest, 75,000', async () => {
      const { institution, professional, job, payment } = await paidJob(t, {}, undefined, {
        paymentMethod: 'Visa',
      });
      const before = await ledger.platform();
      await emulator.clearCalls();
      hoursBeforeStart(job, 3);
      expect((await cancel(institution, job.id)).status).toBe(200);
      await eventually(async () => (await emulator.calls('RefundRequest')).length === 1);
      expect((await emulator.order(payment.orderTrackingId)).refund).toEqual(
        expect.objectContaining({ amount: 75_000 }),
      );
      const after = await ledger.platform();
      expect(after.refunds_payable - (before.refunds_payable ?? 0)).toBe(75_000);
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(54_000);
      expect(await ledger.balance(institution.id, 'institution_credit')).toBe(0);
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    });

    it('a shift shorter than 4 h cancelled 23:59 before: the whole shift to the professional, nothing back', async () => {
      const { institution, professional, job } = await paidJob(t, { startTime: '09:00', endTime: '12:00' });
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(45_000);
      hoursBeforeStart(job, 23 + 59 / 60);
      expect((await cancel(institution, job.id)).status).toBe(200);
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(40_500);
      expect(await ledger.balance(institution.id, 'institution_credit')).toBe(0);
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    });

    it('a daily rate, 2 h before: pro rata of the planned hours (4/9 of 80,000)', async () => {
      const { institution, professional, job } = await paidJob(t, { rate: 80_000, rateType: 'daily' });
      hoursBeforeStart(job, 2);
      expect((await cancel(institution, job.id)).status).toBe(200);
      // 35,556 less 3,556 (10 %, rounded) = 32,000; 44,444 back as credit
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(32_000);
      expect(await ledger.balance(institution.id, 'institution_credit')).toBe(44_444);
    });

    it.each([
      ['30 h', 30],
      // exactly 24 h is in time too (cancellation-policy.spec.ts); over HTTP the clock moves on meanwhile
      ['24 h and a minute', 24 + 1 / 60],
    ])('%s before the start: nothing for the professional, a full refund', async (_label, hours) => {
      const { institution, professional, job, payment } = await paidJob(t);
      const before = await ledger.platform();
      hoursBeforeStart(job, hours);
      expect((await cancel(institution, job.id)).status).toBe(200);
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(0);
      const after = await ledger.platform();
      expect(after.refunds_payable - (before.refunds_payable ?? 0)).toBe(135_000);
      expect(after.platform_fees ?? 0).toBe(before.platform_fees ?? 0);
      expect((await transactionRow(t, payment.transactionId)).refund_status).not.toBeNull();
    });
  });

  describe('the professional withdraws from a paid shift', () => {
    it('the job reopens with its payment in escrow; the next acceptance books it with no new PesaPal order', async () => {
      const { institution, professional, job, payment } = await paidJob(t);
      await emulator.clearCalls();
      const res = await cancel(professional, job.id, 'Family emergency.');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ status: 'open', assignee: null }));
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(135_000);
      expect((await transactionRow(t, payment.transactionId)).status).toBe('completed');
      const note = await t.db.pool.query(
        `SELECT title, body FROM notifications WHERE user_id = $1 AND title LIKE 'The professional withdrew%'`,
        [institution.id],
      );
      expect(note.rows[0].body).toContain('Your payment stays held');

      const [next] = await bulkVerifiedProfessionals(t, 1);
      const taken = await accept(next, job.id);
      expect(taken.status).toBe(200);
      expect(taken.body.status).toBe('paid');
      expect(await emulator.calls('SubmitOrderRequest')).toEqual([]);
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(135_000);
      // The new professional completes it and earns it as usual.
      expect((await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(institution))).status).toBe(
        200,
      );
      expect(await ledger.balance(next.id, 'professional_pending')).toBe(121_500);
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(0);
    });

    it('the institution cancels the reopened job instead (even late): a full refund, no fee', async () => {
      const { institution, professional, job, payment } = await paidJob(t);
      expect((await cancel(professional, job.id, 'Unwell.')).status).toBe(200);
      const before = await ledger.platform();
      hoursBeforeStart(job, 2);
      const res = await cancel(institution, job.id, 'No cover needed any more.');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
      expect(await ledger.balance(professional.id, 'professional_pending')).toBe(0);
      const after = await ledger.platform();
      expect(after.refunds_payable - (before.refunds_payable ?? 0)).toBe(135_000);
      expect(after.platform_fees ?? 0).toBe(before.platform_fees ?? 0);
      await emulator.processRefund(payment.orderTrackingId, true);
      await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'reversed');
    });
  });

  it('a reopened paid job nobody takes before its start is cancelled with a full refund, not expired', async () => {
    const { institution, professional, job } = await paidJob(t);
    expect((await cancel(professional, job.id, 'Unwell.')).status).toBe(200);
    const before = await ledger.platform();
    await moveJobToPast(t, job.id);
    await t.app.get(JobLifecycleWorker).expireDue();
    const view = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(institution));
    expect(view.body.status).toBe('cancelled');
    expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    expect((await ledger.platform()).refunds_payable - (before.refunds_payable ?? 0)).toBe(135_000);
  });

  it('the books balance after all of it', async () => {
    expect((await t.app.get(LedgerService).trialBalance()).total).toBe(0);
    expect(await t.app.get(LedgerService).integrity()).toEqual({ postingsTotal: 0, mismatchedAccounts: 0 });
  });
});
