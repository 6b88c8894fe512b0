import { TransactionRunner } from '../src/database/transaction-runner.js';
import { EarningsWorker } from '../src/modules/earnings/earnings.worker.js';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { ReconciliationWorker } from '../src/modules/payments/reconciliation.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { emulatorControl, eventually, paidJob, transactionRow } from './factories/payments.js';
import { professionalReadyForPayouts, requestPayout } from './factories/payouts.js';
import { signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const DAY_80K = { rate: 80_000, rateType: 'daily' };
const PROBLEM = 'https://qgig.ug/problems/';

describe('Money: escrow, commission, earnings', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  // Earnings are released at the next sweep: time moves by configuration, not by sleeping.
  beforeAll(async () => {
    t = await startTestApp({ env: { EARNINGS_HOLD_HOURS: '0', PLATFORM_FEE_PERCENT: '10' } });
    admin = await signedInAdmin(t);
    emulator = emulatorControl(t);
  });
  afterAll(() => t.close());

  const earnings = async (professional: SignedInUser) => {
    const res = await t.http.get('/api/v1/professional/earnings').set(...bearer(professional));
    expect(res.status).toBe(200);
    return res.body as {
      pending: number;
      available: number;
      inFlight: number;
      paidOut: number;
      nextReleaseAt: string | null;
    };
  };
  const balance = async (
    ownerId: string,
    type: 'job_escrow' | 'institution_credit' | 'professional_pending',
  ) => (await t.app.get(LedgerService).balances(ownerId, [type])).get(type);
  const platform = async () =>
    Object.fromEntries(
      (await t.app.get(LedgerService).trialBalance()).accounts.map((a) => [a.type, a.balance]),
    );
  const complete = (institution: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/complete`).set(...bearer(institution));
  const refund = (paymentId: string, body: Record<string, unknown> = { remarks: 'Refund in full.' }) =>
    t.http
      .post(`/api/v1/admin/payments/${paymentId}/refund`)
      .set(...bearer(admin))
      .send(body);

  it('pay 80,000 → escrow; complete → 72,000 pending and 8,000 fee; the sweep releases it → available', async () => {
    const before = await platform();
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    expect(await balance(job.id, 'job_escrow')).toBe(80_000);

    const view = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(institution));
    expect(view.body).toEqual(
      expect.objectContaining({ amount: 80_000, platformFee: 8_000, professionalEarning: 72_000 }),
    );
    const asAssignee = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(professional));
    expect(asAssignee.body).toEqual(
      expect.objectContaining({ platformFee: 8_000, professionalEarning: 72_000 }),
    );

    expect((await complete(institution, job.id)).status).toBe(200);
    expect(await balance(job.id, 'job_escrow')).toBe(0);
    expect(await earnings(professional)).toEqual(
      expect.objectContaining({
        pending: 72_000,
        available: 0,
        inFlight: 0,
        paidOut: 0,
        nextReleaseAt: expect.any(String),
      }),
    );
    const after = await platform();
    expect(after.platform_fees - (before.platform_fees ?? 0)).toBe(8_000);

    await t.app.get(EarningsWorker).releaseDue();
    expect(await earnings(professional)).toEqual(
      expect.objectContaining({ pending: 0, available: 72_000, nextReleaseAt: null }),
    );
    const entries = await t.http.get('/api/v1/professional/earnings/entries').set(...bearer(professional));
    expect(entries.body.items.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['earnings.released', 72_000],
      ['earnings.released', -72_000],
      ['job.completed', 72_000],
    ]);
  });

  it('100 duplicate IPNs, the callback and a reconciliation tick for one payment post one journal entry', async () => {
    const { payment } = await paidJob(t, DAY_80K);
    await Promise.all([
      emulator.deliverIpn(payment.orderTrackingId, 100),
      t.http.get(
        `/api/v1/payments/callback?OrderTrackingId=${payment.orderTrackingId}&OrderMerchantReference=x&OrderNotificationType=CALLBACKURL`,
      ),
      t.app.get(ReconciliationWorker).reconcileDue(),
    ]);
    const { rows } = await t.db.pool.query(
      `SELECT kind, count(*)::int AS n FROM journal_entries WHERE payment_id = $1 GROUP BY kind`,
      [payment.transactionId],
    );
    expect(rows).toEqual([{ kind: 'payment.completed', n: 1 }]);
  });

  it('refund of a paid, not completed job: escrow emptied, nothing for the professional', async () => {
    const { professional, job, payment } = await paidJob(t, DAY_80K);
    const before = await platform();
    expect((await refund(payment.transactionId)).status).toBe(202);
    expect(await balance(job.id, 'job_escrow')).toBe(0);
    expect((await platform()).refunds_payable - (before.refunds_payable ?? 0)).toBe(80_000);
    expect(await earnings(professional)).toEqual(expect.objectContaining({ pending: 0, available: 0 }));

    await emulator.processRefund(payment.orderTrackingId, true);
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'reversed');
    expect((await platform()).refunds_payable).toBe(before.refunds_payable ?? 0);
  });

  it('cancelled after completion, before payout: the earnings and the fee are voided', async () => {
    const { institution, professional, job, payment } = await paidJob(t, DAY_80K);
    expect((await complete(institution, job.id)).status).toBe(200);
    expect((await earnings(professional)).pending).toBe(72_000);
    const fees = (await platform()).platform_fees;

    const res = await refund(payment.transactionId, { remarks: 'The teacher never came.' });
    expect(res.status).toBe(202);
    expect(await earnings(professional)).toEqual(expect.objectContaining({ pending: 0, available: 0 }));
    expect((await platform()).platform_fees).toBe(fees - 8_000);
    expect(await balance(job.id, 'job_escrow')).toBe(0);
    const { rows } = await t.db.pool.query(`SELECT status FROM earnings WHERE job_id = $1`, [job.id]);
    expect(rows).toEqual([{ status: 'voided' }]);
  });

  it('released earnings are voided too; once withdrawn, the refund is refused and nothing changes', async () => {
    const first = await paidJob(t, DAY_80K);
    await complete(first.institution, first.job.id);
    await t.app.get(EarningsWorker).releaseDue();
    expect((await refund(first.payment.transactionId)).status).toBe(202);
    expect((await earnings(first.professional)).available).toBe(0);

    const second = await paidJob(t, DAY_80K);
    await complete(second.institution, second.job.id);
    await t.app.get(EarningsWorker).releaseDue();
    // The professional withdraws it all (a payout, as the payouts module posts it).
    await t.app.get(TransactionRunner).run((em) =>
      t.app.get(LedgerService).post(em, {
        key: `test.withdrawn:${second.job.id}`,
        kind: 'payout.requested',
        refs: {},
        postings: [
          { account: { type: 'professional_available', ownerId: second.professional.id }, amount: -72_000 },
          { account: { type: 'payouts_in_flight', ownerId: second.professional.id }, amount: 72_000 },
        ],
      }),
    );
    const refused = await refund(second.payment.transactionId);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(`${PROBLEM}refund-not-allowed`);
    expect((await transactionRow(t, second.payment.transactionId)).refund_status).toBeNull();
  });

  it('the data export lists the payout account and payouts; deleting the account forgets the account, keeps the payouts', async () => {
    const pro = await professionalReadyForPayouts(t, 20_000);
    expect((await requestPayout(t, pro, 10_000)).status).toBe(201);
    const exported = await t.http.get('/api/v1/users/me/export').set(...bearer(pro));
    expect(exported.body.payoutAccount).toEqual(
      expect.objectContaining({ provider: 'mtn', phone: '+256772123456' }),
    );
    expect(exported.body.payouts).toEqual([expect.objectContaining({ amount: 10_000, status: 'requested' })]);

    const deleted = await t.http
      .delete('/api/v1/users/me')
      .set(...bearer(pro))
      .send({ password: pro.password });
    expect(deleted.status).toBe(204);
    const count = async (table: string) =>
      (await t.db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE professional_id = $1`, [pro.id]))
        .rows[0].n;
    expect(await count('payout_accounts')).toBe(0);
    expect(await count('payouts')).toBe(1);
  });
});
