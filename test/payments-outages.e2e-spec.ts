import { ReconciliationWorker } from '../src/modules/payments/reconciliation.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import {
  acceptedJob,
  acceptedJobsOf,
  emulatorControl,
  eventually,
  initiatePayment,
  initiateRequest,
  transactionRow,
} from './factories/payments.js';
import { institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * PesaPal is never called while a row is locked or a pooled connection is held, so a slow or hanging
 * PesaPal costs the callers waiting for it and nobody else; lock order job → payment everywhere, so a
 * reversal racing a refund cannot deadlock.
 */
describe('Payments when PesaPal hangs, crawls or races us', () => {
  let t: TestApp;
  let institution: SignedInUser;
  let admin: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  beforeAll(async () => {
    t = await startTestApp({ env: { PESAPAL_TIMEOUT_SECONDS: '3', DATABASE_POOL_SIZE: '4' } });
    institution = await institutionWithProfile(t);
    admin = await signedInAdmin(t);
    emulator = emulatorControl(t);
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => t.close());

  const acceptedJobs = (n: number) => acceptedJobsOf(t, institution, n);
  const initiate = (jobId: string) => initiateRequest(t, institution, jobId);

  it('50 concurrent initiates while PesaPal hangs, then recovers: each 502 after the timeout or 201, never 500', async () => {
    const jobIds = await acceptedJobs(50);
    await emulator.fault('SubmitOrderRequest', 'timeout', 25);
    const answers = await Promise.all(jobIds.map(initiate));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 502)).toHaveLength(25);
    expect(statuses.filter((s) => s === 201)).toHaveLength(25);
    const { rows } = await t.db.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM transactions WHERE job_id = ANY($1::uuid[]) GROUP BY status ORDER BY status`,
      [jobIds],
    );
    expect(rows).toEqual([
      { status: 'failed', n: 25 },
      { status: 'pending', n: 25 },
    ]);
  });

  it('SubmitOrderRequest answering after 10 s: 200 other authenticated requests are served meanwhile (p99 < 1 s)', async () => {
    const jobIds = await acceptedJobs(12);
    // 212 requests at once: above the default MAX_IN_FLIGHT, whose shedding is not what this measures.
    const slow = await startTestApp({
      database: t.db,
      pesapal: t.pesapal,
      env: { DATABASE_POOL_SIZE: '4', MAX_IN_FLIGHT: '1000' },
    });
    try {
      await emulator.slow('SubmitOrderRequest', 10_000, 12);
      await emulator.clearCalls();
      const started = Date.now();
      const initiates = jobIds.map(
        (jobId) =>
          slow.http
            .post('/api/v1/payments/initiate')
            .set(...bearer(institution))
            .send({ jobId })
            .then((res) => res), // supertest sends on then()
      );
      await eventually(async () => (await emulator.calls('SubmitOrderRequest')).length === 12);
      const latencies = await Promise.all(
        Array.from({ length: 200 }, async () => {
          const sent = Date.now();
          const res = await slow.http.get('/api/v1/users/me').set(...bearer(institution));
          expect(res.status).toBe(200);
          return Date.now() - sent;
        }),
      );
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1];
      console.log(
        `200 reads while 12 initiates waited 10 s for PesaPal: p50 ${latencies[99]} ms, p99 ${p99} ms`,
      );
      expect(p99).toBeLessThan(1_000);
      expect(Date.now() - started).toBeLessThan(10_000); // all served while PesaPal was still silent
      expect((await Promise.all(initiates)).map((res) => res.status)).toEqual(Array(12).fill(201));
    } finally {
      await slow.close();
    }
  });

  it('a reversal IPN racing an admin refund of the same payment, 50 rounds: no deadlock, states agree', async () => {
    const refundAnswers = new Map<number, number>();
    for (let round = 0; round < 50; round++) {
      const { job } = await acceptedJob(t, institution);
      const payment = await initiatePayment(t, institution, job.id);
      await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
      await emulator.deliverIpn(payment.orderTrackingId);
      await eventually(async () => (await transactionRow(t, payment.transactionId)).job_status === 'paid');

      await emulator.setOutcome(payment.orderTrackingId, { status: 'REVERSED', ipn: 'none' });
      const [refund] = await Promise.all([
        t.http
          .post(`/api/v1/admin/payments/${payment.transactionId}/refund`)
          .set(...bearer(admin))
          .send({ remarks: `Race round ${round}` }),
        emulator.deliverIpn(payment.orderTrackingId),
      ]);
      refundAnswers.set(refund.status, (refundAnswers.get(refund.status) ?? 0) + 1);
      // 202: the refund won the race; 409: the reversal did, and there was nothing left to refund.
      expect([202, 409]).toContain(refund.status);
      await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'reversed');
      expect(await transactionRow(t, payment.transactionId)).toEqual(
        expect.objectContaining({ status: 'reversed', refund_status: 'refunded', job_status: 'cancelled' }),
      );
    }
    console.log(`refund answers over 50 races: ${JSON.stringify(Object.fromEntries(refundAnswers))}`);
    expect(t.logs.text()).not.toMatch(/deadlock|40P01/);
  });

  it('a refund whose PesaPal call never returned (process gone) is sent again by reconciliation', async () => {
    const { job } = await acceptedJob(t, institution);
    const payment = await initiatePayment(t, institution, job.id);
    await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
    await emulator.deliverIpn(payment.orderTrackingId);
    await eventually(async () => (await transactionRow(t, payment.transactionId)).job_status === 'paid');

    await emulator.clearCalls();
    await emulator.fault('RefundRequest', 'timeout', 1);
    const res = await t.http
      .post(`/api/v1/admin/payments/${payment.transactionId}/refund`)
      .set(...bearer(admin))
      .send({ remarks: 'School closed.' });
    expect(res.status).toBe(202);
    expect(res.body.refundStatus).toBe('requesting');
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'completed', refund_status: 'requesting', job_status: 'cancelled' }),
    );

    const reconcile = () => t.app.get(ReconciliationWorker).reconcileDue();
    expect((await reconcile()).refundsSent).toBe(0); // not due yet: the first attempt may still be running
    await t.db.pool.query(`UPDATE transactions SET refund_next_attempt_at = now() WHERE id = $1`, [
      payment.transactionId,
    ]);
    expect((await reconcile()).refundsSent).toBe(1);
    expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('requested');
    expect(await emulator.calls('RefundRequest')).toHaveLength(2);
  });
});
