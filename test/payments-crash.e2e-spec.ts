import { ReconciliationWorker } from '../src/modules/payments/reconciliation.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import {
  acceptedJob,
  emulatorControl,
  eventually,
  initiatePayment,
  transactionRow,
} from './factories/payments.js';
import { institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { spawnApp, waitForHttp, type SpawnedApp } from './helpers/spawn-app.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * An instance killed between committing a payment or refund and recording PesaPal's answer: the row it
 * leaves behind is repaired by reconciliation on another instance. The instance is a real process
 * (dist/src/main.js) killed with SIGKILL while PesaPal is still answering it.
 */
describe('A process killed while PesaPal answers', () => {
  let t: TestApp;
  let institution: SignedInUser;
  let admin: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  let doomed: SpawnedApp | undefined;
  let doomedUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { PESAPAL_TIMEOUT_SECONDS: '30' } });
    institution = await institutionWithProfile(t);
    admin = await signedInAdmin(t);
    emulator = emulatorControl(t);
  });
  beforeEach(async () => {
    const port = await freePort();
    doomedUrl = `http://127.0.0.1:${port}`;
    doomed = spawnApp({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: doomedUrl,
      DATABASE_URL: t.db.url,
      PESAPAL_BASE_URL: t.pesapal.baseUrl,
      PESAPAL_TIMEOUT_SECONDS: '30',
      JWT_ACCESS_SECRET: 'test-only-secret-that-is-long-enough-0123456789',
      TOTP_ENCRYPTION_KEY: 'dGVzdC1vbmx5LXRvdHAta2V5LTMyLWJ5dGVzLWxvbmc=',
      DOCUMENTS_ENCRYPTION_KEY: 'dGVzdC1vbmx5LWRvY3VtZW50cy1rZXktMzItYnl0ZXM=',
      SCHEDULER_ENABLED: 'false',
      TRUST_PROXY: 'true',
    });
    await waitForHttp(`${doomedUrl}/health`, 30_000);
  });
  afterEach(async () => {
    await emulator.clearFaults();
    if (doomed && doomed.child.exitCode === null) {
      doomed.child.kill('SIGKILL');
      await doomed.exited;
    }
  });
  afterAll(() => t.close());

  const kill = async () => {
    doomed!.child.kill('SIGKILL');
    await doomed!.exited;
  };
  /** Time moved forward for one row: as if the PesaPal timeout plus its margin had passed. */
  const age = (sql: string, id: string) => t.db.pool.query(sql, [id]);

  it('initiate killed during SubmitOrderRequest: the pending row is failed and the job can be paid again', async () => {
    const { job } = await acceptedJob(t, institution);
    await emulator.fault('SubmitOrderRequest', 'timeout');
    await emulator.clearCalls();
    const initiate = fetch(`${doomedUrl}/api/v1/payments/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer(institution)[1] },
      body: JSON.stringify({ jobId: job.id }),
    }).catch((error: unknown) => error);
    await eventually(async () => (await emulator.calls('SubmitOrderRequest')).length === 1, 20_000);
    await kill();
    expect(((await initiate) as Error).message).toBe('fetch failed'); // the connection died with the process

    const { rows } = await t.db.pool.query(
      `SELECT id, status, order_tracking_id FROM transactions WHERE job_id = $1`,
      [job.id],
    );
    expect(rows).toEqual([{ id: expect.any(String), status: 'pending', order_tracking_id: null }]);
    await emulator.clearFaults();
    const blocked = await t.http
      .post('/api/v1/payments/initiate')
      .set(...bearer(institution))
      .send({ jobId: job.id });
    expect(blocked.status).toBe(409); // still pending: its initiate could have been just slow

    await age(`UPDATE transactions SET created_at = now() - interval '10 minutes' WHERE id = $1`, rows[0].id);
    expect((await t.app.get(ReconciliationWorker).reconcileDue()).unsubmitted).toBe(1);
    expect((await transactionRow(t, rows[0].id)).status).toBe('failed');
    expect((await initiatePayment(t, institution, job.id)).status).toBe('pending');
  });

  it('admin refund killed during RefundRequest: the refund stays requesting and reconciliation sends it', async () => {
    const { job } = await acceptedJob(t, institution);
    const payment = await initiatePayment(t, institution, job.id);
    await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
    await emulator.deliverIpn(payment.orderTrackingId);
    await eventually(async () => (await transactionRow(t, payment.transactionId)).job_status === 'paid');

    await emulator.fault('RefundRequest', 'timeout');
    await emulator.clearCalls();
    const refund = fetch(`${doomedUrl}/api/v1/admin/payments/${payment.transactionId}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer(admin)[1] },
      body: JSON.stringify({ remarks: 'Cancelled by the school.' }),
    }).catch((error: unknown) => error);
    await eventually(async () => (await emulator.calls('RefundRequest')).length === 1, 20_000);
    await kill();
    expect(((await refund) as Error).message).toBe('fetch failed');
    // Committed before PesaPal was asked: the job is cancelled, the refund recorded.
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'completed', refund_status: 'requesting', job_status: 'cancelled' }),
    );

    await emulator.clearFaults();
    const reconcile = () => t.app.get(ReconciliationWorker).reconcileDue();
    expect((await reconcile()).refundsSent).toBe(0); // its first attempt might still be under way
    await age(`UPDATE transactions SET refund_next_attempt_at = now() WHERE id = $1`, payment.transactionId);
    expect((await reconcile()).refundsSent).toBe(1);
    expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('requested');
    await emulator.processRefund(payment.orderTrackingId, true);
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'reversed');
    expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('refunded');
  });
});
