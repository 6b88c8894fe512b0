import { ReconciliationWorker } from '../src/modules/payments/reconciliation.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import {
  acceptedJob,
  emulatorControl,
  eventually,
  initiatePayment,
  payOnHostedPage,
  transactionRow,
} from './factories/payments.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Payments through the PesaPal emulator', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
    emulator = emulatorControl(t);
  });
  afterAll(() => t.close());

  const notifications = async (userId: string, type: string) =>
    (
      await t.db.pool.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND type = $2`, [
        userId,
        type,
      ])
    ).rows[0].n as number;
  const callbackPath = (url: URL) => `${url.pathname}${url.search}`;
  const makeDue = () =>
    t.db.pool.query(`UPDATE transactions SET next_check_at = now() WHERE status = 'pending'`);
  const reconcile = (app: TestApp = t) => app.app.get(ReconciliationWorker).reconcileDue();

  it('happy path: initiate → hosted page → callback and IPN → job paid, one notification per side', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const res = await t.http
      .post('/api/v1/payments/initiate')
      .set(...bearer(institution))
      .send({ jobId: job.id });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transactionId: expect.any(String),
      orderTrackingId: expect.any(String),
      redirectUrl: expect.stringContaining(
        `${t.pesapal.origin}/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=`,
      ),
      status: 'pending',
    });
    const order = await emulator.order(res.body.orderTrackingId);
    expect(Number(order.amount)).toBe(135000);

    const callback = await payOnHostedPage(res.body.redirectUrl, 'mtn');
    expect(`${callback.origin}${callback.pathname}`).toBe(`${t.baseUrl}/api/v1/payments/callback`);
    expect(callback.searchParams.get('OrderNotificationType')).toBe('CALLBACKURL');
    const back = await t.http.get(callbackPath(callback));
    expect(back.status).toBe(302);
    const result = new URL(back.headers.location);
    expect(`${result.origin}${result.pathname}`).toBe('http://localhost:5173/payments/result');
    expect(result.searchParams.get('transactionId')).toBe(res.body.transactionId);
    expect(result.searchParams.get('status')).toBe('completed');

    await eventually(async () =>
      (await emulator.ipnAttempts(res.body.orderTrackingId)).some((attempt) => attempt.acknowledged),
    );
    const row = await transactionRow(t, res.body.transactionId);
    expect(row).toEqual(
      expect.objectContaining({ status: 'completed', payment_method: 'MTNUG', job_status: 'paid' }),
    );
    expect(row.confirmation_code).toEqual(expect.any(String));
    expect(await notifications(institution.id, 'payment.completed')).toBe(1);
    expect(await notifications(professional.id, 'payment.completed')).toBe(1);

    const asPayer = await t.http
      .get(`/api/v1/payments/${res.body.transactionId}`)
      .set(...bearer(institution));
    expect(asPayer.body).toEqual({
      id: res.body.transactionId,
      jobId: job.id,
      amount: 135000,
      currency: 'UGX',
      status: 'completed',
      paymentMethod: 'MTNUG',
      confirmationCode: row.confirmation_code,
      pesapalOrderTrackingId: res.body.orderTrackingId,
      refundStatus: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(
      (await t.http.get(`/api/v1/payments/${res.body.transactionId}`).set(...bearer(professional))).status,
    ).toBe(200);
    expect(
      (await t.http.get(`/api/v1/payments/${res.body.transactionId}`).set(...bearer(admin))).status,
    ).toBe(200);
    const stranger = await institutionWithProfile(t);
    expect(
      (await t.http.get(`/api/v1/payments/${res.body.transactionId}`).set(...bearer(stranger))).status,
    ).toBe(404);
    const list = await t.http.get('/api/v1/payments').set(...bearer(professional));
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.transactionId]);
    const again = await t.http
      .post('/api/v1/payments/initiate')
      .set(...bearer(institution))
      .send({ jobId: job.id });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(`${PROBLEM}already-paid`);
  });

  it('initiate refuses: not accepted, not yours, a pending payment (returned), bad input, wrong role', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const other = await institutionWithProfile(t);
    expect(
      (
        await t.http
          .post('/api/v1/payments/initiate')
          .set(...bearer(other))
          .send({ jobId: job.id })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.http
          .post('/api/v1/payments/initiate')
          .set(...bearer(professional))
          .send({ jobId: job.id })
      ).status,
    ).toBe(403);
    for (const body of [
      {},
      { jobId: 'nope' },
      { jobId: job.id, method: 'cash' },
      { jobId: job.id, phone: '123' },
    ]) {
      expect(
        (
          await t.http
            .post('/api/v1/payments/initiate')
            .set(...bearer(institution))
            .send(body)
        ).status,
      ).toBe(400);
    }
    const first = await initiatePayment(t, institution, job.id);
    const second = await t.http
      .post('/api/v1/payments/initiate')
      .set(...bearer(institution))
      .send({ jobId: job.id });
    expect(second.status).toBe(409);
    expect(second.body.type).toBe(`${PROBLEM}payment-pending`);
    expect(second.body.transaction).toEqual(first);

    const open = await acceptedJob(t, institution);
    await t.http
      .post(`/api/v1/jobs/${open.job.id}/cancel`)
      .set(...bearer(open.professional))
      .send({ reason: 'Sick today.' });
    const notAccepted = await t.http
      .post('/api/v1/payments/initiate')
      .set(...bearer(institution))
      .send({ jobId: open.job.id });
    expect(notAccepted.status).toBe(409);
    expect(notAccepted.body.type).toBe(`${PROBLEM}invalid-job-transition`);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM transactions WHERE job_id = $1`, [
      open.job.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('a failed payment leaves the job accepted and can be retried with a new payment', async () => {
    const { institution, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    const callback = await payOnHostedPage(payment.redirectUrl, 'fail');
    const back = await t.http.get(callbackPath(callback));
    expect(new URL(back.headers.location).searchParams.get('status')).toBe('failed');
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'failed', job_status: 'accepted' }),
    );
    await eventually(async () => (await notifications(institution.id, 'payment.failed')) === 1);
    const retry = await initiatePayment(t, institution, job.id);
    expect(retry.transactionId).not.toBe(payment.transactionId);
  });

  it('a reversed payment cancels the paid job and tells both sides', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    await t.http.get(callbackPath(await payOnHostedPage(payment.redirectUrl, 'airtel')));
    expect((await transactionRow(t, payment.transactionId)).job_status).toBe('paid');
    await emulator.setOutcome(payment.orderTrackingId, { status: 'REVERSED' });
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'reversed');
    expect((await transactionRow(t, payment.transactionId)).job_status).toBe('cancelled');
    expect(await notifications(institution.id, 'payment.refunded')).toBe(1);
    expect(await notifications(professional.id, 'payment.refunded')).toBe(1);
  });

  it('20 duplicate IPNs racing the callback: one transition, one notification each', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
    const callbackUrl = `/api/v1/payments/callback?OrderTrackingId=${payment.orderTrackingId}&OrderNotificationType=CALLBACKURL`;
    const [ipns, callback] = await Promise.all([
      emulator.deliverIpn(payment.orderTrackingId, 20),
      t.http.get(callbackUrl),
    ]);
    expect(callback.status).toBe(302);
    expect((ipns as { acknowledged: boolean }[]).every((ipn) => ipn.acknowledged)).toBe(true);
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'completed', job_status: 'paid' }),
    );
    expect(await notifications(institution.id, 'payment.completed')).toBe(1);
    expect(await notifications(professional.id, 'payment.completed')).toBe(1);
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'payment.completed' AND target_id = $1`,
      [payment.transactionId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a forged IPN changes nothing; an unknown tracking id is acknowledged with status 500', async () => {
    const { institution, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    const forged = await t.http.post('/api/v1/payments/webhook').send({
      OrderTrackingId: payment.orderTrackingId,
      OrderMerchantReference: 'x',
      OrderNotificationType: 'IPNCHANGE',
    });
    expect(forged.status).toBe(200);
    expect(forged.body).toEqual({
      orderNotificationType: 'IPNCHANGE',
      orderTrackingId: payment.orderTrackingId,
      orderMerchantReference: 'x',
      status: 200,
    });
    const viaGet = await t.http.get(`/api/v1/payments/webhook?OrderTrackingId=${payment.orderTrackingId}`);
    expect(viaGet.body.status).toBe(200);
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'pending', job_status: 'accepted' }),
    );
    const unknown = await t.http
      .post('/api/v1/payments/webhook')
      .type('form')
      .send('OrderTrackingId=00000000-0000-0000-0000-000000000000&OrderNotificationType=IPNCHANGE');
    expect(unknown.status).toBe(200);
    expect(unknown.body.status).toBe(500);
  });

  it('a notification or callback naming no order is a 400 problem, not an acknowledgement or a redirect', async () => {
    for (const res of [
      await t.http.post('/api/v1/payments/webhook').send({ OrderNotificationType: 'IPNCHANGE' }),
      await t.http.get('/api/v1/payments/webhook?OrderMerchantReference=x'),
      await t.http.get('/api/v1/payments/callback?OrderTrackingId='),
    ]) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(`${PROBLEM}invalid-notification`);
    }
  });

  it('PesaPal failing during initiate → 502 and nothing half-written', async () => {
    const { institution, job } = await acceptedJob(t);
    await emulator.fault('SubmitOrderRequest', 'http500', 1);
    const res = await t.http
      .post('/api/v1/payments/initiate')
      .set(...bearer(institution))
      .send({ jobId: job.id });
    expect(res.status).toBe(502);
    expect(res.body.type).toBe(`${PROBLEM}payment-provider-unavailable`);
    // The attempt is kept as a failed row (its merchant reference went to PesaPal); nothing is left pending.
    const { rows } = await t.db.pool.query(`SELECT status FROM transactions WHERE job_id = $1`, [job.id]);
    expect(rows).toEqual([{ status: 'failed' }]);
    expect((await initiatePayment(t, institution, job.id)).status).toBe('pending');
  });

  it('PesaPal unreachable during initiate → 502', async () => {
    const offline = await startTestApp({ env: { PESAPAL_BASE_URL: 'http://127.0.0.1:9/pesapalv3' } });
    try {
      const { institution, job } = await acceptedJob(offline);
      const res = await offline.http
        .post('/api/v1/payments/initiate')
        .set(...bearer(institution))
        .send({ jobId: job.id });
      expect(res.status).toBe(502);
      const { rows } = await offline.db.pool.query(`SELECT count(*)::int AS n FROM transactions`);
      expect(rows[0].n).toBe(0);
    } finally {
      await offline.close();
    }
  });

  it('PesaPal down when the IPN arrives: stays pending, then reconciliation completes it once', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    await emulator.fault('GetTransactionStatus', 'http500');
    await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED' });
    await eventually(async () => (await emulator.ipnAttempts(payment.orderTrackingId)).length >= 2);
    expect((await emulator.ipnAttempts(payment.orderTrackingId)).some((a) => a.acknowledged)).toBe(false);
    expect((await transactionRow(t, payment.transactionId)).status).toBe('pending');

    await emulator.clearFaults();
    await makeDue();
    await reconcile();
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'completed', job_status: 'paid' }),
    );
    await eventually(async () =>
      (await emulator.ipnAttempts(payment.orderTrackingId)).some((a) => a.acknowledged),
    );
    expect(await notifications(professional.id, 'payment.completed')).toBe(1);
  });

  it('expires a payment pending past PAYMENT_EXPIRY_MINUTES and cancels the order at PesaPal', async () => {
    const { institution, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    await t.db.pool.query(`UPDATE transactions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      payment.transactionId,
    ]);
    await makeDue();
    await reconcile();
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'expired', job_status: 'accepted' }),
    );
    expect((await emulator.calls('CancelOrder')).map((c) => c.orderTrackingId)).toContain(
      payment.orderTrackingId,
    );
    expect((await initiatePayment(t, institution, job.id)).status).toBe('pending');
  });

  it('two instances reconciling together ask about each due payment once and apply it once', async () => {
    const second = await startTestApp({ database: t.db, pesapal: t.pesapal });
    try {
      const institution = await institutionWithProfile(t);
      const payments = [];
      for (let i = 0; i < 6; i++) {
        const { job } = await acceptedJob(t, institution);
        payments.push(await initiatePayment(t, institution, job.id));
      }
      await emulator.clearCalls();
      await makeDue();
      await Promise.all([reconcile(t), reconcile(second)]);
      const asked = (await emulator.calls('GetTransactionStatus')).map((c) => c.orderTrackingId);
      for (const payment of payments)
        expect(asked.filter((id) => id === payment.orderTrackingId)).toHaveLength(1);
      await Promise.all([reconcile(t), reconcile(second)]); // nothing is due again yet
      expect(await emulator.calls('GetTransactionStatus')).toHaveLength(asked.length);

      for (const payment of payments)
        await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
      await makeDue();
      await Promise.all([reconcile(t), reconcile(second)]);
      for (const payment of payments)
        expect((await transactionRow(t, payment.transactionId)).status).toBe('completed');
      expect(await notifications(institution.id, 'payment.completed')).toBe(payments.length);
      const { rows } = await t.db.pool.query(
        `SELECT attempts, next_check_at > now() + interval '100 seconds' AS backed_off FROM transactions WHERE id = $1`,
        [payments[0].transactionId],
      );
      expect(rows[0]).toEqual({ attempts: 2, backed_off: true });
    } finally {
      await second.close();
    }
  });

  describe('refunds', () => {
    async function paidJob() {
      const accepted = await acceptedJob(t);
      const payment = await initiatePayment(t, accepted.institution, accepted.job.id);
      await t.http.get(callbackPath(await payOnHostedPage(payment.redirectUrl, 'card')));
      expect((await transactionRow(t, payment.transactionId)).job_status).toBe('paid');
      return { ...accepted, payment };
    }

    it('admin refund: 202, job cancelled now, transaction reversed when PesaPal processes it', async () => {
      const { professional, payment } = await paidJob();
      const res = await t.http
        .post(`/api/v1/admin/payments/${payment.transactionId}/refund`)
        .set(...bearer(admin))
        .send({ remarks: 'Duplicate booking, refund in full.' });
      expect(res.status).toBe(202);
      expect(res.body).toEqual(
        expect.objectContaining({ transactionId: payment.transactionId, refundStatus: 'requested' }),
      );
      expect(await transactionRow(t, payment.transactionId)).toEqual(
        expect.objectContaining({ status: 'completed', refund_status: 'requested', job_status: 'cancelled' }),
      );
      const twice = await t.http
        .post(`/api/v1/admin/payments/${payment.transactionId}/refund`)
        .set(...bearer(admin))
        .send({ remarks: 'Again please.' });
      expect(twice.status).toBe(409);
      await emulator.processRefund(payment.orderTrackingId, true);
      await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'reversed');
      expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('refunded');
      expect(await notifications(professional.id, 'payment.refunded')).toBe(1);
    });

    it('an institution cancelling its paid job starts the same refund', async () => {
      const { institution, job, payment } = await paidJob();
      const res = await t.http
        .post(`/api/v1/jobs/${job.id}/cancel`)
        .set(...bearer(institution))
        .send({ reason: 'School closed for a funeral.' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('requested');
      expect((await emulator.calls('RefundRequest')).length).toBeGreaterThan(0);
    });

    it('refuses non-completed payments, bad bodies and non-admins', async () => {
      const { institution, job } = await acceptedJob(t);
      const pending = await initiatePayment(t, institution, job.id);
      const res = await t.http
        .post(`/api/v1/admin/payments/${pending.transactionId}/refund`)
        .set(...bearer(admin))
        .send({ remarks: 'Not paid yet though.' });
      expect(res.status).toBe(409);
      expect(res.body.type).toBe(`${PROBLEM}refund-not-allowed`);
      expect(
        (
          await t.http
            .post(`/api/v1/admin/payments/${pending.transactionId}/refund`)
            .set(...bearer(admin))
            .send({})
        ).status,
      ).toBe(400);
      expect(
        (
          await t.http
            .post(`/api/v1/admin/payments/${pending.transactionId}/refund`)
            .set(...bearer(institution))
            .send({ remarks: 'Let me refund myself.' })
        ).status,
      ).toBe(403);
    });
  });
});

describe('PesaPal client: tokens and IPN registration', () => {
  it('one RequestToken for many concurrent payments, again only after expiry; RegisterIPN survives a restart', async () => {
    let t = await startTestApp();
    const emulator = emulatorControl(t);
    const institution = await institutionWithProfile(t);
    const jobs = [];
    for (let i = 0; i < 8; i++) jobs.push((await acceptedJob(t, institution)).job);
    await Promise.all(jobs.slice(0, 6).map((job) => initiatePayment(t, institution, job.id)));
    expect(await emulator.calls('RequestToken')).toHaveLength(1);
    expect(await emulator.calls('RegisterIPN')).toHaveLength(1);

    await emulator.expireTokens(); // PesaPal refuses the cached token: one re-login, then success
    await initiatePayment(t, institution, jobs[6].id);
    expect(await emulator.calls('RequestToken')).toHaveLength(2);

    const { port, db, pesapal } = t;
    await t.app.close();
    t = await startTestApp({ database: db, pesapal, port });
    try {
      await initiatePayment(t, institution, jobs[7].id);
      expect(await emulator.calls('RegisterIPN')).toHaveLength(1);
      expect(await emulator.calls('RequestToken')).toHaveLength(3); // a new process logs in once
    } finally {
      await t.close();
      await pesapal.close();
      await db.drop();
    }
  });
});
