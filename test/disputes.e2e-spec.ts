import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { earningsOf, earningsStatus, ledgerOf, openDispute, resolveDispute } from './factories/disputes.js';
import {
  acceptedJob,
  emulatorControl,
  eventually,
  initiateRequest,
  paidJob,
  transactionRow,
} from './factories/payments.js';
import { signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const DAY_80K = { rate: 80_000, rateType: 'daily' };
const PROBLEM = 'https://qgig.ug/problems/';

describe('Disputes: release, refund and split move the money', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  let ledger: ReturnType<typeof ledgerOf>;
  beforeAll(async () => {
    t = await startTestApp({ env: { EARNINGS_HOLD_HOURS: '0', PLATFORM_FEE_PERCENT: '10' } });
    admin = await signedInAdmin(t);
    emulator = emulatorControl(t);
    ledger = ledgerOf(t);
  });
  afterAll(() => t.close());

  const jobRow = async (jobId: string) =>
    (await t.db.pool.query(`SELECT status, disputed FROM jobs WHERE id = $1`, [jobId])).rows[0] as {
      status: string;
      disputed: boolean;
    };
  const complete = (institution: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/complete`).set(...bearer(institution));
  /** Opens a dispute as `user` and answers its id. */
  const opened = async (user: SignedInUser, jobId: string) => {
    const res = await openDispute(t, user, jobId);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const earned = async (professional: SignedInUser) => {
    const e = await earningsOf(t, professional);
    return e.pending + e.available;
  };

  it('opens on a paid job (201), blocks completion, and release pays the professional as on completion', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    const res = await openDispute(t, institution, job.id, {
      reason: 'The nurse left at noon',
      details: 'Signed out at 12:10.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        jobId: job.id,
        status: 'open',
        reason: 'The nurse left at noon',
        details: 'Signed out at 12:10.',
        openedBy: institution.id,
        openedByRole: 'institution',
        createdAt: expect.any(String),
        outcome: null,
      }),
    );
    expect(await jobRow(job.id)).toEqual({ status: 'paid', disputed: true });
    const refused = await complete(institution, job.id);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(`${PROBLEM}job-disputed`);
    const cancel = await t.http
      .post(`/api/v1/jobs/${job.id}/cancel`)
      .set(...bearer(institution))
      .send({ reason: 'Not needed any more' });
    expect(cancel.status).toBe(409);
    const { rows: notices } = await t.db.pool.query(
      `SELECT user_id FROM notifications WHERE type = 'dispute.opened' AND data->>'jobId' = $1`,
      [job.id],
    );
    expect(notices.map((n) => n.user_id).sort()).toEqual([institution.id, professional.id].sort());

    const fees = (await ledger.platform()).platform_fees ?? 0;
    const resolved = await resolveDispute(t, admin, res.body.id, {
      outcome: 'release',
      note: 'The ward confirms she worked the whole shift.',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual(
      expect.objectContaining({ status: 'resolved', outcome: 'release', professionalAmount: null }),
    );
    expect(await jobRow(job.id)).toEqual({ status: 'completed', disputed: false });
    expect(await earningsOf(t, professional)).toEqual(expect.objectContaining({ pending: 72_000 }));
    expect((await ledger.platform()).platform_fees - fees).toBe(8_000);
    expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    const again = await resolveDispute(t, admin, res.body.id, {
      outcome: 'refund',
      note: 'Changed my mind.',
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(`${PROBLEM}dispute-not-open`);
    const { rows: resolvedNotices } = await t.db.pool.query(
      `SELECT user_id, body FROM notifications WHERE type = 'dispute.resolved' AND data->>'jobId' = $1`,
      [job.id],
    );
    expect(resolvedNotices).toHaveLength(2);
    expect(resolvedNotices.find((n) => n.user_id === professional.id).body).toContain('72,000 UGX');
    const { rows: audit } = await t.db.pool.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [res.body.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['dispute.opened', 'dispute.resolved']);
  });

  it('release after completion: the frozen earnings are released', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    expect((await complete(institution, job.id)).status).toBe(200);
    const id = await opened(professional, job.id);
    expect(await earningsStatus(t, job.id)).toBe('frozen');
    expect((await resolveDispute(t, admin, id, { outcome: 'release', note: 'Paid as agreed.' })).status).toBe(
      200,
    );
    expect(await earningsOf(t, professional)).toEqual(
      expect.objectContaining({ pending: 0, available: 72_000 }),
    );
    expect(await jobRow(job.id)).toEqual({ status: 'completed', disputed: false });
  });

  it('refund of a paid job: cancelled, escrow emptied, 80,000 requested back at PesaPal, nothing earned', async () => {
    const { professional, job, payment } = await paidJob(t, DAY_80K);
    const id = await opened(professional, job.id);
    const before = await ledger.platform();
    const res = await resolveDispute(t, admin, id, { outcome: 'refund', note: 'The school was closed.' });
    expect(res.status).toBe(200);
    expect(await jobRow(job.id)).toEqual({ status: 'cancelled', disputed: false });
    expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    expect((await ledger.platform()).refunds_payable - (before.refunds_payable ?? 0)).toBe(80_000);
    expect(await earned(professional)).toBe(0);
    expect((await emulator.order(payment.orderTrackingId)).refund).toEqual(
      expect.objectContaining({ amount: 80_000 }),
    );
  });

  it('refund of a completed job: the earnings and the fee go back, 80,000 requested back at PesaPal', async () => {
    const { institution, professional, job, payment } = await paidJob(t, DAY_80K);
    await complete(institution, job.id);
    const id = await opened(institution, job.id);
    const before = await ledger.platform();
    expect((await resolveDispute(t, admin, id, { outcome: 'refund', note: 'No-show.' })).status).toBe(200);
    expect(await earned(professional)).toBe(0);
    expect(await earningsStatus(t, job.id)).toBe('voided');
    const after = await ledger.platform();
    expect(after.platform_fees - before.platform_fees).toBe(-8_000);
    expect(after.refunds_payable - (before.refunds_payable ?? 0)).toBe(80_000);
    expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('requested');
  });

  it('split of a completed mobile-money job: 45,000 earned, 5,000 fee, 30,000 credit the next payment spends', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    const fees = (await ledger.platform()).platform_fees ?? 0;
    await complete(institution, job.id);
    const id = await opened(institution, job.id);
    const res = await resolveDispute(t, admin, id, {
      outcome: 'split',
      professionalAmount: 50_000,
      note: 'She worked the morning.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ outcome: 'split', professionalAmount: 50_000 }));
    expect(await earned(professional)).toBe(45_000);
    expect((await ledger.platform()).platform_fees - fees).toBe(5_000);
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(30_000);
    expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
    expect(await jobRow(job.id)).toEqual({ status: 'completed', disputed: false });

    // The next job's payment spends the credit first: PesaPal is asked for 80,000 − 30,000 only.
    const next = await acceptedJob(t, institution, DAY_80K);
    const initiated = await initiateRequest(t, institution, next.job.id);
    expect(initiated.status).toBe(201);
    expect((await emulator.order(initiated.body.orderTrackingId)).amount).toBe(50_000);
    await emulator.setOutcome(initiated.body.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
    await emulator.deliverIpn(initiated.body.orderTrackingId);
    await eventually(
      async () => (await transactionRow(t, initiated.body.transactionId)).job_status === 'paid',
    );
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(0);
    expect(await ledger.balance(next.job.id, 'job_escrow')).toBe(80_000);
  });

  it('split of a paid mobile-money job: completes on 50,000; a job the credit covers is paid with no PesaPal order', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    const id = await opened(professional, job.id);
    const res = await resolveDispute(t, admin, id, {
      outcome: 'split',
      professionalAmount: 50_000,
      note: 'Half the shift.',
    });
    expect(res.status).toBe(200);
    expect(await jobRow(job.id)).toEqual({ status: 'completed', disputed: false });
    expect(await earningsOf(t, professional)).toEqual(expect.objectContaining({ pending: 45_000 }));
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(30_000);

    const next = await acceptedJob(t, institution, { rate: 20_000, rateType: 'daily' });
    await emulator.clearCalls();
    const covered = await initiateRequest(t, institution, next.job.id);
    expect(covered.status).toBe(201);
    expect(covered.body).toEqual(expect.objectContaining({ status: 'completed', orderTrackingId: null }));
    expect(await jobRow(next.job.id)).toEqual({ status: 'paid', disputed: false });
    expect(await emulator.calls('SubmitOrderRequest')).toEqual([]);
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(10_000);
    expect(await ledger.balance(next.job.id, 'job_escrow')).toBe(20_000);
  });

  it.each(['paid', 'completed'])(
    'split of a %s card job: a partial RefundRequest of 30,000, the professional keeps 45,000',
    async (state) => {
      const { institution, professional, job, payment } = await paidJob(t, DAY_80K, undefined, {
        paymentMethod: 'Visa',
      });
      if (state === 'completed') await complete(institution, job.id);
      const id = await opened(institution, job.id);
      const before = await ledger.platform();
      await emulator.clearCalls();
      const res = await resolveDispute(t, admin, id, {
        outcome: 'split',
        professionalAmount: 50_000,
        note: 'Half the shift.',
      });
      expect(res.status).toBe(200);
      expect(await emulator.calls('RefundRequest')).toHaveLength(1);
      expect((await emulator.order(payment.orderTrackingId)).refund).toEqual(
        expect.objectContaining({ amount: 30_000 }),
      );
      const after = await ledger.platform();
      expect(after.refunds_payable - (before.refunds_payable ?? 0)).toBe(30_000);
      expect(await earned(professional)).toBe(45_000);
      expect(await ledger.balance(institution.id, 'institution_credit')).toBe(0);
      expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
      expect(await jobRow(job.id)).toEqual({ status: 'completed', disputed: false });
    },
  );

  it('the books balance after all of it', async () => {
    expect((await t.app.get(LedgerService).trialBalance()).total).toBe(0);
    expect(await t.app.get(LedgerService).integrity()).toEqual({ postingsTotal: 0, mismatchedAccounts: 0 });
  });
});
