import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import {
  bulkVerifiedProfessionals,
  institutionWithProfile,
  professionalWithProfile,
  signedInAdmin,
} from './factories/profiles.js';
import {
  AIRTEL_NUMBER as AIRTEL,
  MTN_NUMBER as MTN,
  payoutBalances,
  professionalReadyForPayouts,
  requestPayout,
  seedAvailable,
  setPayoutAccount,
} from './factories/payouts.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Payouts', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let ledger: LedgerService;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    // Whatever the tests did, the books balance and every cached balance matches its postings.
    expect(await ledger.integrity()).toEqual({ postingsTotal: 0, mismatchedAccounts: 0 });
    await t.close();
  });

  const seed = (professionalId: string, amount: number) => seedAvailable(t, professionalId, amount);
  const balances = (professionalId: string) => payoutBalances(t, professionalId);
  const setAccount = (pro: SignedInUser, body: Record<string, unknown>) => setPayoutAccount(t, pro, body);
  const request = (pro: SignedInUser, amount: unknown) => requestPayout(t, pro, amount);
  const readyProfessional = (available: number) => professionalReadyForPayouts(t, available);
  const markPaid = (id: string, reference: string) =>
    t.http
      .post(`/api/v1/admin/payouts/${id}/paid`)
      .set(...bearer(admin))
      .send({ reference });
  const markFailed = (id: string, reason: string) =>
    t.http
      .post(`/api/v1/admin/payouts/${id}/failed`)
      .set(...bearer(admin))
      .send({ reason });
  const notifications = async (userId: string) =>
    (
      await t.db.pool.query<{ type: string }>(
        `SELECT type FROM notifications WHERE user_id = $1 AND type LIKE 'payout.%' ORDER BY created_at, type`,
        [userId],
      )
    ).rows.map((row) => row.type);

  it('payout account: the number must be on the chosen network; 404 before one is set', async () => {
    const [pro] = await bulkVerifiedProfessionals(t, 1);
    const missing = await t.http.get('/api/v1/professional/payout-account').set(...bearer(pro));
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe(`${PROBLEM}payout-account-not-found`);
    expect(missing.body.detail).toMatch(/no payout account yet/i);

    const refused: [Record<string, unknown>, string, RegExp][] = [
      [{ provider: 'airtel', phone: MTN, accountName: 'Grace Nakato' }, 'phone', /MTN number, not Airtel/],
      [{ provider: 'mtn', phone: AIRTEL, accountName: 'Grace Nakato' }, 'phone', /Airtel number, not MTN/],
      [{ provider: 'mtn', phone: '0712 345 678', accountName: 'Grace Nakato' }, 'phone', /neither MTN/],
      [{ provider: 'mtn', phone: '0392 123 456', accountName: 'Grace Nakato' }, 'phone', /landline/],
      [{ provider: 'mpesa', phone: MTN, accountName: 'Grace Nakato' }, 'provider', /.+/],
      [{ provider: 'mtn', phone: MTN, accountName: ' ' }, 'accountName', /.+/],
      [{ provider: 'mtn', phone: MTN }, 'accountName', /.+/],
      [{ provider: 'mtn', phone: MTN, accountName: 'Grace', iban: 'x' }, 'iban', /.+/],
    ];
    for (const [body, field, message] of refused) {
      const res = await setAccount(pro, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const error = (res.body.errors as { field: string; message: string }[]).find((e) => e.field === field);
      expect({ body, message: error?.message }).toEqual({ body, message: expect.stringMatching(message) });
    }
    expect((await t.http.get('/api/v1/professional/payout-account').set(...bearer(pro))).status).toBe(404);

    const saved = await setAccount(pro, { provider: 'airtel', phone: AIRTEL, accountName: ' Grace Nakato ' });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      provider: 'airtel',
      phone: '+256752345678',
      accountName: 'Grace Nakato',
      updatedAt: expect.any(String),
    });
    const replaced = await setAccount(pro, {
      provider: 'mtn',
      phone: '+256 761 234 567',
      accountName: 'G. N.',
    });
    expect(replaced.body).toMatchObject({ provider: 'mtn', phone: '+256761234567', accountName: 'G. N.' });
    expect((await t.http.get('/api/v1/professional/payout-account').set(...bearer(pro))).body).toEqual(
      replaced.body,
    );
    const institution = await institutionWithProfile(t);
    expect((await t.http.get('/api/v1/professional/payout-account').set(...bearer(institution))).status).toBe(
      403,
    );
  });

  it('request refused: below the minimum (400), not verified or no payout account (403)', async () => {
    const pro = await readyProfessional(72_000);
    const small = await request(pro, 4_999);
    expect(small.status).toBe(400);
    expect(small.body.errors).toEqual([
      { field: 'amount', message: expect.stringMatching(/at least 5000 UGX/) },
    ]);

    const unverified = await professionalWithProfile(t);
    await setAccount(unverified, { provider: 'mtn', phone: MTN, accountName: 'Grace Nakato' });
    await seed(unverified.id, 72_000);
    const notVerified = await request(unverified, 10_000);
    expect(notVerified.status).toBe(403);
    expect(notVerified.body.type).toBe(`${PROBLEM}not-verified`);

    const [noAccount] = await bulkVerifiedProfessionals(t, 1);
    await seed(noAccount.id, 72_000);
    const required = await request(noAccount, 10_000);
    expect(required.status).toBe(403);
    expect(required.body.type).toBe(`${PROBLEM}payout-account-required`);

    for (const user of [pro, unverified, noAccount]) {
      expect(await balances(user.id)).toEqual({ available: 72_000, inFlight: 0 });
    }
    expect(
      (await t.db.pool.query(`SELECT 1 FROM payouts WHERE professional_id = $1`, [pro.id])).rowCount,
    ).toBe(0);
  });

  it('50,000 of 72,000 requested, then paid by an admin with the transaction id: 22,000 left, 50,000 paid out', async () => {
    const pro = await readyProfessional(72_000);
    const res = await request(pro, 50_000);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      amount: 50_000,
      currency: 'UGX',
      status: 'requested',
      provider: 'mtn',
      phone: '+256772123456',
      accountName: 'Grace Nakato',
      reference: null,
      failureReason: null,
      requestedAt: expect.any(String),
      paidAt: null,
      failedAt: null,
    });
    expect(await balances(pro.id)).toEqual({ available: 22_000, inFlight: 50_000 });

    // The account changing later does not change where a requested payout goes.
    await setAccount(pro, { provider: 'airtel', phone: AIRTEL, accountName: 'Someone Else' });
    const queue = await t.http.get('/api/v1/admin/payouts?status=requested&limit=100').set(...bearer(admin));
    expect(queue.status).toBe(200);
    expect(queue.body.items).toContainEqual({
      ...res.body,
      professionalId: pro.id,
      processedBy: null,
    });

    const paid = await markPaid(res.body.id, ' 79123456789 ');
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      id: res.body.id,
      status: 'paid',
      reference: '79123456789',
      phone: '+256772123456',
      processedBy: admin.id,
      paidAt: expect.any(String),
    });
    expect(await balances(pro.id)).toEqual({ available: 22_000, inFlight: 0 });
    const paidOut = await t.db.pool.query<{ total: string }>(
      `SELECT sum(p.amount)::bigint AS total FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        JOIN ledger_accounts a ON a.id = p.account_id
       WHERE e.kind = 'payout.paid' AND a.type = 'pesapal_clearing' AND e.payout_id = $1`,
      [res.body.id],
    );
    expect(Number(paidOut.rows[0].total)).toBe(50_000);

    const own = await t.http.get('/api/v1/professional/payouts').set(...bearer(pro));
    expect(own.body).toEqual({
      items: [expect.objectContaining({ id: res.body.id, status: 'paid' })],
      nextCursor: null,
    });
    expect(own.body.items[0]).not.toHaveProperty('processedBy');
    expect(await notifications(pro.id)).toEqual(['payout.requested', 'payout.paid']);
    const audit = await t.db.pool.query(
      `SELECT action, actor_id FROM audit_log WHERE target_type = 'payout' AND target_id = $1 ORDER BY id`,
      [res.body.id],
    );
    expect(audit.rows).toEqual([
      { action: 'payout.requested', actor_id: pro.id },
      { action: 'payout.paid', actor_id: admin.id },
    ]);
  });

  it('20 concurrent requests of 10,000 against 72,000: exactly 7 succeed, 13 get 409, never overdrawn', async () => {
    const pro = await readyProfessional(72_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(pro, 10_000)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(7).fill(201), ...Array(13).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.type).toBe(`${PROBLEM}insufficient-funds`);
      expect(refused.body.available).toBeLessThan(10_000);
    }
    expect(await balances(pro.id)).toEqual({ available: 2_000, inFlight: 70_000 });
    const lowest = await t.db.pool.query<{ min: string }>(
      `SELECT min(p.balance_after)::bigint AS min FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE a.owner_id = $1 AND a.type = 'professional_available'`,
      [pro.id],
    );
    expect(Number(lowest.rows[0].min)).toBe(2_000);
    const rows = await t.db.pool.query(`SELECT status FROM payouts WHERE professional_id = $1`, [pro.id]);
    expect(rows.rows).toHaveLength(7);
    expect(await notifications(pro.id)).toEqual(Array(7).fill('payout.requested'));
  });

  it('a failed payout returns its money to available; the professional is told why', async () => {
    const pro = await readyProfessional(72_000);
    const res = await request(pro, 30_000);
    expect(await balances(pro.id)).toEqual({ available: 42_000, inFlight: 30_000 });
    const failed = await markFailed(res.body.id, 'The number is not registered for mobile money.');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      status: 'failed',
      failureReason: 'The number is not registered for mobile money.',
      failedAt: expect.any(String),
      reference: null,
    });
    expect(await balances(pro.id)).toEqual({ available: 72_000, inFlight: 0 });
    expect(await notifications(pro.id)).toEqual(['payout.requested', 'payout.failed']);
    const body = await t.db.pool.query(
      `SELECT body FROM notifications WHERE user_id = $1 AND type = 'payout.failed'`,
      [pro.id],
    );
    expect(body.rows[0].body).toContain('not registered for mobile money');
    // The money can be asked for again.
    expect((await request(pro, 72_000)).status).toBe(201);
  });

  it('paid or failed from any state but requested is 409; an unknown payout 404; a reference pays once', async () => {
    const pro = await readyProfessional(72_000);
    const paid = (await request(pro, 10_000)).body.id as string;
    const failed = (await request(pro, 10_000)).body.id as string;
    expect((await markPaid(paid, 'MP261124.0915.A12345')).status).toBe(200);
    expect((await markFailed(failed, 'Wallet limit reached')).status).toBe(200);
    for (const [id, move] of [
      [paid, () => markPaid(paid, 'MP-again')],
      [paid, () => markFailed(paid, 'Too late')],
      [failed, () => markPaid(failed, 'MP-late')],
      [failed, () => markFailed(failed, 'Again')],
    ] as const) {
      const res = await move();
      expect({ id, status: res.status }).toEqual({ id, status: 409 });
      expect(res.body.type).toBe(`${PROBLEM}invalid-payout-transition`);
    }
    expect(await balances(pro.id)).toEqual({ available: 62_000, inFlight: 0 });
    expect((await markPaid(randomUUID(), 'MP-nobody')).status).toBe(404);

    const third = (await request(pro, 10_000)).body.id as string;
    const duplicate = await markPaid(third, 'MP261124.0915.A12345');
    expect(duplicate.status).toBe(409);
    expect((await t.db.pool.query(`SELECT status FROM payouts WHERE id = $1`, [third])).rows[0].status).toBe(
      'requested',
    );
  });

  it('lists: a professional sees only their own, newest first and paginated; the admin queue oldest first', async () => {
    const a = await readyProfessional(72_000);
    const b = await readyProfessional(72_000);
    const ids: string[] = [];
    for (const amount of [10_000, 11_000, 12_000]) ids.push((await request(a, amount)).body.id);
    const theirs = (await request(b, 20_000)).body.id as string;

    const first = await t.http.get('/api/v1/professional/payouts?limit=2').set(...bearer(a));
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    const second = await t.http
      .get(`/api/v1/professional/payouts?limit=2&cursor=${first.body.nextCursor}`)
      .set(...bearer(a));
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const ofB = await t.http.get('/api/v1/professional/payouts').set(...bearer(b));
    expect(ofB.body.items.map((p: { id: string }) => p.id)).toEqual([theirs]);
    expect((await t.http.get('/api/v1/professional/payouts?cursor=forged').set(...bearer(a))).status).toBe(
      400,
    );

    const queue: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; status: string }[]; nextCursor: string | null } } =
        await t.http
          .get(`/api/v1/admin/payouts?status=requested&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .set(...bearer(admin));
      expect(page.body.items.every((p) => p.status === 'requested')).toBe(true);
      queue.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const mine = queue.filter((id) => [...ids, theirs].includes(id));
    expect(mine).toEqual([...ids, theirs]);
    expect((await t.http.get('/api/v1/admin/payouts?status=sent').set(...bearer(admin))).status).toBe(400);
  });

  it('non-admins get 403 on the admin routes and change nothing', async () => {
    const pro = await readyProfessional(72_000);
    const id = (await request(pro, 10_000)).body.id as string;
    const institution = await institutionWithProfile(t);
    for (const caller of [pro, institution]) {
      expect((await t.http.get('/api/v1/admin/payouts').set(...bearer(caller))).status).toBe(403);
      for (const [path, body] of [
        [`/api/v1/admin/payouts/${id}/paid`, { reference: 'MP-self' }],
        [`/api/v1/admin/payouts/${id}/failed`, { reason: 'Changed my mind' }],
      ] as const) {
        const res = await t.http
          .post(path)
          .set(...bearer(caller))
          .send(body);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
    }
    expect(
      (
        await t.http
          .post('/api/v1/professional/payouts')
          .set(...bearer(admin))
          .send({ amount: 10_000 })
      ).status,
    ).toBe(403);
    expect((await t.db.pool.query(`SELECT status FROM payouts WHERE id = $1`, [id])).rows[0].status).toBe(
      'requested',
    );
    expect(await balances(pro.id)).toEqual({ available: 62_000, inFlight: 10_000 });
  });

  it('bad bodies are 400 naming the field and change nothing', async () => {
    const pro = await readyProfessional(72_000);
    const id = (await request(pro, 10_000)).body.id as string;
    for (const amount of ['ten thousand', 10_000.5, -10_000, 0, null, 2_000_000_000, [10_000], { n: 1 }]) {
      const res = await request(pro, amount);
      expect({ amount, status: res.status }).toEqual({ amount, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('amount');
    }
    expect(
      (
        await t.http
          .post('/api/v1/professional/payouts')
          .set(...bearer(pro))
          .send({ amount: 10_000, to: 'x' })
      ).status,
    ).toBe(400);
    for (const body of [
      {},
      { reference: '' },
      { reference: '  ' },
      { reference: 'x'.repeat(101) },
      { reference: 7 },
    ]) {
      const res = await t.http
        .post(`/api/v1/admin/payouts/${id}/paid`)
        .set(...bearer(admin))
        .send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    for (const body of [{}, { reason: 'x' }, { reason: 'x'.repeat(256) }, { reason: 'ok\u0000no' }]) {
      const res = await t.http
        .post(`/api/v1/admin/payouts/${id}/failed`)
        .set(...bearer(admin))
        .send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await markPaid('not-a-uuid', 'MP-1')).status).toBe(400);
    expect(
      (await t.db.pool.query(`SELECT status FROM payouts WHERE professional_id = $1`, [pro.id])).rows,
    ).toEqual([{ status: 'requested' }]);
    expect(await balances(pro.id)).toEqual({ available: 62_000, inFlight: 10_000 });
  });
});
