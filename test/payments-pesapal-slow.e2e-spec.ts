import { ReconciliationWorker } from '../src/modules/payments/reconciliation.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import {
  acceptedJobsOf,
  emulatorControl,
  eventually,
  initiatePayment,
  initiateRequest,
} from './factories/payments.js';
import { institutionWithProfile } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
const CONCURRENT = 12;

describe('Payment initiation while PesaPal is slow', () => {
  let t: TestApp;
  let institution: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  beforeAll(async () => {
    t = await startTestApp({
      // Fewer connections than concurrent initiates: holding one across PesaPal would exhaust the pool.
      env: { PESAPAL_TIMEOUT_SECONDS: '3', DATABASE_POOL_SIZE: '4' },
    });
    institution = await institutionWithProfile(t);
    emulator = emulatorControl(t);
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => t.close());

  const acceptedJobs = (n: number) => acceptedJobsOf(t, institution, n);
  const initiate = (jobId: string) => initiateRequest(t, institution, jobId);
  const statusesOf = async (jobId: string) =>
    (
      await t.db.pool.query<{ status: string }>(
        `SELECT status FROM transactions WHERE job_id = $1 ORDER BY created_at`,
        [jobId],
      )
    ).rows.map((row) => row.status);

  it(`${CONCURRENT} initiates while SubmitOrderRequest hangs → all 502, every job payable again`, async () => {
    const jobIds = await acceptedJobs(CONCURRENT);
    await emulator.fault('SubmitOrderRequest', 'timeout');

    const answers = await Promise.all(jobIds.map(initiate));
    for (const res of answers) {
      expect(res.status).toBe(502);
      expect(res.body.type).toBe(`${PROBLEM}payment-provider-unavailable`);
    }
    for (const jobId of jobIds) expect(await statusesOf(jobId)).toEqual(['failed']);

    await emulator.clearFaults();
    for (const jobId of jobIds) {
      expect((await initiatePayment(t, institution, jobId)).status).toBe('pending');
      expect(await statusesOf(jobId)).toEqual(['failed', 'pending']);
    }
  });

  it('serves 100 authenticated requests while initiates wait for PesaPal', async () => {
    const jobIds = await acceptedJobs(CONCURRENT);
    await emulator.fault('SubmitOrderRequest', 'timeout');
    await emulator.clearCalls();

    let settled = 0;
    const initiates = jobIds.map((jobId) => initiate(jobId).then((res) => (settled++, res)));
    await eventually(async () => (await emulator.calls('SubmitOrderRequest')).length === CONCURRENT);

    const reads = await Promise.all(
      Array.from({ length: 100 }, () => t.http.get('/api/v1/users/me').set(...bearer(institution))),
    );
    expect(reads.map((res) => res.status)).toEqual(Array(100).fill(200));
    // Answered while every initiate was still waiting for PesaPal, not after the timeouts freed the pool.
    expect(settled).toBe(0);
    expect((await Promise.all(initiates)).map((res) => res.status)).toEqual(Array(CONCURRENT).fill(502));
  });

  it('reconciliation fails a pending row that never got an order tracking id, so the job can be paid', async () => {
    const [dangling, fresh] = await acceptedJobs(2);
    // What a process killed between inserting the row and recording PesaPal's answer leaves behind.
    const insertPending = (jobId: string, age: string) =>
      t.db.pool.query(
        `INSERT INTO transactions (job_id, payer_id, merchant_reference, amount, currency, status,
                                   attempts, next_check_at, expires_at, created_at)
         VALUES ($1, $2, 'QG-' || md5(random()::text), 135000, 'UGX', 'pending',
                 0, now(), now() + interval '1 hour', now() - $3::interval)`,
        [jobId, institution.id, age],
      );
    await insertPending(dangling, '10 minutes');
    await insertPending(fresh, '0 seconds');

    const blocked = await initiate(dangling);
    expect(blocked.status).toBe(409);
    expect(blocked.body.type).toBe(`${PROBLEM}payment-pending`);

    const totals = await t.app.get(ReconciliationWorker).reconcileDue();
    expect(totals.unsubmitted).toBe(1);
    expect(await statusesOf(dangling)).toEqual(['failed']);
    // Younger than PESAPAL_TIMEOUT_SECONDS plus the margin: its initiate may still be waiting for PesaPal.
    expect(await statusesOf(fresh)).toEqual(['pending']);

    expect((await initiatePayment(t, institution, dangling)).status).toBe('pending');
  });
});
