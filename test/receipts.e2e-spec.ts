import { randomUUID } from 'node:crypto';
import { extractText } from 'unpdf';
import { TransactionRunner } from '../src/database/transaction-runner.js';
import { LedgerService, type JournalDraft } from '../src/modules/ledger/ledger.service.js';
import * as rules from '../src/modules/ledger/posting-rules.js';
import { ReceiptsService } from '../src/modules/payments/receipts/receipts.service.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import {
  acceptedJob,
  acceptedJobsOf,
  emulatorControl,
  eventually,
  initiatePayment,
  transactionRow,
  type InitiatedPayment,
} from './factories/payments.js';
import { institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { assertLedgerBalanced, startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
const KAMPALA = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Africa/Kampala',
  year: 'numeric',
  month: '2-digit',
});

/** This month and the one before, in Kampala: `{ year: 2026, month: '2026-11', previous: '2026-10' }`. */
function kampalaMonths() {
  const [year, month] = KAMPALA.format(new Date()).split('-').map(Number);
  const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { year, month: `${year}-${String(month).padStart(2, '0')}`, previous, next };
}

const pdf = (t: TestApp, url: string, user: { accessToken: string }) =>
  t.http
    .get(url)
    .set(...bearer(user))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });

async function textOf(body: Buffer): Promise<string> {
  return (await extractText(new Uint8Array(body), { mergePages: true })).text;
}

describe('Receipts, earnings statements, credit and the books', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let emulator: ReturnType<typeof emulatorControl>;
  const { year, month, previous, next } = kampalaMonths();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
    emulator = emulatorControl(t);
  });
  afterAll(() => t.close());

  const post = (...drafts: JournalDraft[]) =>
    t.app.get(TransactionRunner).run(async (em) => {
      for (const draft of drafts) await t.app.get(LedgerService).post(em, draft);
    });
  const receiptOf = async (paymentId: string) =>
    (await t.db.pool.query(`SELECT number FROM receipts WHERE payment_id = $1`, [paymentId])).rows[0]
      ?.number as string | undefined;
  const yearNumbers = async () =>
    (
      await t.db.pool.query<{ number: string }>(
        `SELECT number FROM receipts WHERE year = $1 ORDER BY number`,
        [year],
      )
    ).rows.map((row) => row.number);
  const numbered = (n: number) => `QG-${year}-${String(n).padStart(6, '0')}`;

  /** PesaPal says COMPLETED; nothing is delivered until the test says so. */
  const completeAtPesapal = (payment: InitiatedPayment) =>
    emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
  async function paidJob(institution?: SignedInUser) {
    const accepted = await acceptedJob(t, institution);
    const payment = await initiatePayment(t, accepted.institution, accepted.job.id);
    await completeAtPesapal(payment);
    await emulator.deliverIpn(payment.orderTrackingId);
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'completed');
    return { ...accepted, payment };
  }

  it('numbers 30 payments completing at once 1..30 of the year: no gap, no duplicate', async () => {
    const institution = await institutionWithProfile(t);
    const jobIds = await acceptedJobsOf(t, institution, 30);
    const payments: InitiatedPayment[] = [];
    for (const jobId of jobIds) payments.push(await initiatePayment(t, institution, jobId));
    for (const payment of payments) await completeAtPesapal(payment);

    await Promise.all(payments.map((payment) => emulator.deliverIpn(payment.orderTrackingId)));

    for (const payment of payments) {
      expect((await transactionRow(t, payment.transactionId)).status).toBe('completed');
    }
    const numbers = await Promise.all(payments.map((payment) => receiptOf(payment.transactionId)));
    expect([...numbers].sort()).toEqual(Array.from({ length: 30 }, (_, i) => numbered(i + 1)));
    expect(await yearNumbers()).toEqual(Array.from({ length: 30 }, (_, i) => numbered(i + 1)));
    const { rows } = await t.db.pool.query(`SELECT last_number FROM receipt_counters WHERE year = $1`, [
      year,
    ]);
    expect(rows).toEqual([{ last_number: 30 }]);
  }, 180_000);

  it('gives the number back when the completion rolls back, and keeps a payment’s receipt when issued again', async () => {
    const { institution, job } = await acceptedJob(t);
    const pending = await initiatePayment(t, institution, job.id);
    const before = await yearNumbers();
    await expect(
      t.app.get(TransactionRunner).run(async (em) => {
        await t.app.get(ReceiptsService).issue(em, pending.transactionId, new Date());
        throw new Error('completion failed after the receipt');
      }),
    ).rejects.toThrow('completion failed after the receipt');
    expect(await yearNumbers()).toEqual(before);
    expect(await receiptOf(pending.transactionId)).toBeUndefined();

    await completeAtPesapal(pending);
    await emulator.deliverIpn(pending.orderTrackingId);
    await eventually(async () => (await transactionRow(t, pending.transactionId)).status === 'completed');
    const number = await receiptOf(pending.transactionId);
    expect(number).toBe(numbered(before.length + 1));
    const again = await t.app
      .get(TransactionRunner)
      .run((em) => t.app.get(ReceiptsService).issue(em, pending.transactionId, new Date()));
    expect(again).toBe(number);
    expect(await yearNumbers()).toEqual([...before, number]);
  });

  it('serves the receipt as a PDF to the payer and admins: number, institution, job, amount, method, code', async () => {
    const { institution, professional, payment } = await paidJob();
    const number = (await receiptOf(payment.transactionId))!;
    const row = await transactionRow(t, payment.transactionId);
    const url = `/api/v1/payments/${payment.transactionId}/receipt`;

    const res = await pdf(t, url, institution);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${number}.pdf"`);
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(body);
    expect(text).toContain('Qgig');
    expect(text).toContain(number);
    expect(text).toContain('135,000 UGX');
    expect(text).toContain(row.confirmation_code!);
    expect(text).toContain('St. Mary’s Primary School, Kisubi');
    expect(text).toContain('Night ward cover');
    expect(text).toContain('MTN Mobile Money');
    expect(text).toMatch(/EAT/);

    expect((await pdf(t, url, admin)).status).toBe(200);
    // The job's professional may not ask (a role that has no receipts); another institution: not theirs.
    expect((await t.http.get(url).set(...bearer(professional))).status).toBe(403);
    const stranger = await t.http.get(url).set(...bearer(await institutionWithProfile(t)));
    expect({ status: stranger.status, type: stranger.body.type }).toEqual({
      status: 404,
      type: `${PROBLEM}not-found`,
    });
    const unknown = await t.http.get(`/api/v1/payments/${randomUUID()}/receipt`).set(...bearer(institution));
    expect(unknown.status).toBe(404);
  });

  it('numbers a completed payment that has no receipt (seeded rows) when its receipt is first asked for', async () => {
    const { institution, job } = await acceptedJob(t);
    // What scripts/seed writes: a payment completed in 2025 straight into the table, without a receipt.
    const {
      rows: [seeded],
    } = await t.db.pool.query<{ id: string }>(
      `INSERT INTO transactions (job_id, payer_id, merchant_reference, order_tracking_id, amount, currency, status,
                                 payment_method, confirmation_code, attempts, next_check_at, expires_at, completed_at)
       VALUES ($1, $2, 'QG-SEED-' || md5(random()::text), md5(random()::text), 135000, 'UGX', 'completed',
               'AIRTELUG', 'SEEDCODE42', 1, now(), now(), '2025-12-31T21:30:00Z') RETURNING id`,
      [job.id, institution.id],
    );
    const asked = await Promise.all(
      [1, 2, 3].map(() => pdf(t, `/api/v1/payments/${seeded.id}/receipt`, institution)),
    );
    expect(asked.map((res) => res.status)).toEqual([200, 200, 200]);
    // 00:30 on 1 January 2026 in Kampala: a 2026 receipt, numbered once however many asked at once.
    const number = (await receiptOf(seeded.id))!;
    expect(number).toMatch(/^QG-2026-\d{6}$/);
    expect(new Set(asked.map((res) => res.headers['content-disposition']))).toEqual(
      new Set([`inline; filename="${number}.pdf"`]),
    );
    const text = await textOf(asked[0].body as Buffer);
    expect(text).toContain('Airtel Money');
    expect(text).toContain('1 Jan 2026, 00:30 EAT');
  });

  it('answers 409 for a payment that is not completed', async () => {
    const { institution, job } = await acceptedJob(t);
    const pending = await initiatePayment(t, institution, job.id);
    const res = await t.http
      .get(`/api/v1/payments/${pending.transactionId}/receipt`)
      .set(...bearer(institution));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `${PROBLEM}receipt-not-available`, paymentStatus: 'pending' });
    expect(res.body.detail).toMatch(/pending/);
  });

  it('writes a professional’s month as a numbered PDF statement, with totals and closing balances', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const payoutId = randomUUID();
    await post(
      rules.paymentCompleted({
        paymentId: randomUUID(),
        jobId: job.id,
        payerId: institution.id,
        charged: 135_000,
        credit: 0,
      }),
      rules.jobCompleted({ jobId: job.id, professionalId: professional.id, amount: 135_000, feeBps: 1000 }),
      rules.earningsReleased({ jobId: job.id, professionalId: professional.id, amount: 121_500 }),
      rules.payoutRequested({ payoutId, professionalId: professional.id, amount: 100_000 }),
      rules.payoutPaid({ payoutId, professionalId: professional.id, amount: 100_000 }),
    );
    const number = `ST-${month}-${professional.id.slice(0, 8)}`;

    const res = await pdf(t, `/api/v1/professional/statements/${month}`, professional);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${number}.pdf"`);
    const text = await textOf(res.body as Buffer);
    expect(text).toContain(number);
    expect(text).toContain('Professional 1');
    expect(text).toContain('Earned (job “Night ward cover”)');
    expect(text).toContain('Released for payout');
    expect(text).toContain('Payout requested');
    expect(text).toContain('Payout paid');
    expect(text).toContain('+121,500');
    expect(text).toContain('-100,000');
    expect(text).toMatch(/Earned this month\s*121,500 UGX/);
    expect(text).toMatch(/Paid out this month\s*100,000 UGX/);
    expect(text).toMatch(/Closing: Available\s*21,500 UGX/);
    expect(text).toMatch(/Closing: Pending\s*0 UGX/);

    // The month before: nothing happened, and it closed at 0 whatever came later.
    const before = await textOf(
      (await pdf(t, `/api/v1/professional/statements/${previous}`, professional)).body,
    );
    expect(before).toContain(`ST-${previous}-${professional.id.slice(0, 8)}`);
    expect(before).toContain('No entries in this month.');
    expect(before).toMatch(/Closing: Available\s*0 UGX/);
  });

  it('refuses a month that is not YYYY-MM or is in the future with 400 naming it', async () => {
    const professional = (await acceptedJob(t)).professional;
    for (const bad of ['2026-13', '2026-1', '2026-00', 'november', '2019-12', next]) {
      const res = await t.http.get(`/api/v1/professional/statements/${bad}`).set(...bearer(professional));
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.body.errors).toEqual([{ field: 'month', message: expect.stringContaining('YYYY-MM') }]);
    }
    const institution = await institutionWithProfile(t);
    expect(
      (await t.http.get(`/api/v1/professional/statements/${month}`).set(...bearer(institution))).status,
    ).toBe(403);
  });

  it('shows an institution its credit: the balance and the entries that moved it, newest first', async () => {
    const { institution, job } = await acceptedJob(t);
    const other = await acceptedJob(t, institution);
    const [firstPayment, secondPayment] = [randomUUID(), randomUUID()];
    await post(
      rules.paymentCompleted({
        paymentId: firstPayment,
        jobId: job.id,
        payerId: institution.id,
        charged: 135_000,
        credit: 0,
      }),
      rules.refundRequested({
        paymentId: firstPayment,
        jobId: job.id,
        payerId: institution.id,
        toPesapal: 100_000,
        toCredit: 35_000,
        attempt: '1',
      }),
      rules.paymentCompleted({
        paymentId: secondPayment,
        jobId: other.job.id,
        payerId: institution.id,
        charged: 115_000,
        credit: 20_000,
      }),
    );
    const res = await t.http.get('/api/v1/institution/credit').set(...bearer(institution));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      currency: 'UGX',
      balance: 15_000,
      entries: [
        {
          id: expect.any(String),
          at: expect.any(String),
          kind: 'payment.completed',
          amount: -20_000,
          balanceAfter: 15_000,
          jobId: other.job.id,
          paymentId: secondPayment,
        },
        {
          id: expect.any(String),
          at: expect.any(String),
          kind: 'refund.requested',
          amount: 35_000,
          balanceAfter: 35_000,
          jobId: job.id,
          paymentId: firstPayment,
        },
      ],
    });
    const fresh = await institutionWithProfile(t);
    expect((await t.http.get('/api/v1/institution/credit').set(...bearer(fresh))).body).toEqual({
      currency: 'UGX',
      balance: 0,
      entries: [],
    });
    expect((await t.http.get('/api/v1/institution/credit').set(...bearer(admin))).status).toBe(403);
  });

  it('balances the books: trial balance total 0, and /metrics reports no imbalance', async () => {
    const res = await t.http.get('/api/v1/admin/finance/trial-balance').set(...bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
    expect(res.body.checkedAt).toEqual(expect.any(String));
    const byType = Object.fromEntries(
      (res.body.accounts as { type: string; balance: number }[]).map((a) => [a.type, a.balance]),
    );
    expect(byType).toMatchObject({ professional_available: 21_500, institution_credit: 15_000 });
    expect(Object.values(byType).reduce((sum, balance) => sum + balance, 0)).toBe(0);

    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/^qgig_ledger_imbalance 0$/m);
    expect(metrics.text).toMatch(/^qgig_ledger_balance_mismatches 0$/m);
  });

  it('documents the PDF routes as application/pdf and the new JSON routes with their schemas', async () => {
    const doc = (await t.http.get('/docs-json')).body as {
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    for (const path of ['/api/v1/payments/{id}/receipt', '/api/v1/professional/statements/{month}']) {
      expect({ path, types: Object.keys(doc.paths[path].get.responses['200'].content ?? {}) }).toEqual({
        path,
        types: ['application/pdf'],
      });
    }
    expect(Object.keys(doc.paths['/api/v1/payments/{id}/receipt'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
    );
    for (const path of ['/api/v1/institution/credit', '/api/v1/admin/finance/trial-balance']) {
      expect(doc.paths[path].get.responses['200'].content).toHaveProperty('application/json');
    }
  });

  it('the after-all ledger check names a cached balance that differs from its postings', async () => {
    await assertLedgerBalanced(t.db);
    await t.db.pool.query(`UPDATE ledger_accounts SET balance = balance + 7 WHERE type = 'platform_fees'`);
    try {
      await expect(assertLedgerBalanced(t.db)).rejects.toThrow(
        /account platform_fees:- has a cached balance of \d+ UGX but its postings sum to \d+/,
      );
      expect((await t.http.get('/metrics')).text).toMatch(/^qgig_ledger_balance_mismatches 1$/m);
    } finally {
      await t.db.pool.query(`UPDATE ledger_accounts SET balance = balance - 7 WHERE type = 'platform_fees'`);
    }
    await assertLedgerBalanced(t.db);
  });
});
