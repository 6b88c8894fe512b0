import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import type { SignedInUser } from './factories/accounts.js';
import { payoutBalances, professionalReadyForPayouts, requestPayout } from './factories/payouts.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

// A retried, double-sent or lost-answer payout request with the same Idempotency-Key moves money once.
describe('Payout requests with an Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    expect(await t.app.get(LedgerService).integrity()).toEqual({ postingsTotal: 0, mismatchedAccounts: 0 });
    await t.close();
  });

  const request = (pro: SignedInUser, amount: number, key?: string) => requestPayout(t, pro, amount, key);
  const payoutsOf = async (pro: SignedInUser) =>
    (
      await t.db.pool.query<{ id: string; amount: number; idempotency_key: string | null }>(
        `SELECT id, amount, idempotency_key FROM payouts WHERE professional_id = $1 ORDER BY requested_at, id`,
        [pro.id],
      )
    ).rows;
  const requestedNotifications = async (pro: SignedInUser) =>
    Number(
      (
        await t.db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND type = 'payout.requested'`,
          [pro.id],
        )
      ).rows[0].n,
    );

  it('a retry with the same key answers with the first payout and moves nothing again', async () => {
    const pro = await professionalReadyForPayouts(t, 50_000);
    const key = randomUUID();
    const first = await request(pro, 20_000, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await request(pro, 20_000, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);

    expect(await payoutsOf(pro)).toEqual([{ id: first.body.id, amount: 20_000, idempotency_key: key }]);
    expect(await payoutBalances(t, pro.id)).toEqual({ available: 30_000, inFlight: 20_000 });
    expect(await requestedNotifications(pro)).toBe(1);
  });

  it('eight copies sent at once make one payout; every copy answers with it', async () => {
    const pro = await professionalReadyForPayouts(t, 50_000);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => request(pro, 20_000, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);

    expect(await payoutsOf(pro)).toEqual([{ id: [...ids][0], amount: 20_000, idempotency_key: key }]);
    expect(await payoutBalances(t, pro.id)).toEqual({ available: 30_000, inFlight: 20_000 });
    expect(await requestedNotifications(pro)).toBe(1);
  });

  it('the same key with another amount is 422 naming the first payout, and changes nothing', async () => {
    const pro = await professionalReadyForPayouts(t, 50_000);
    const key = randomUUID();
    const first = await request(pro, 20_000, key);
    const other = await request(pro, 25_000, key);
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body).toMatchObject({
      type: `${PROBLEM}idempotency-key-reused`,
      status: 422,
      payoutId: first.body.id,
    });
    expect(other.body.detail).toMatch(/already used for a payout of 20000 UGX.*new key/);
    expect(await payoutsOf(pro)).toHaveLength(1);
    expect(await payoutBalances(t, pro.id)).toEqual({ available: 30_000, inFlight: 20_000 });
  });

  it('different keys, or none, are different payouts; a key is kept per professional', async () => {
    const pro = await professionalReadyForPayouts(t, 50_000);
    const other = await professionalReadyForPayouts(t, 50_000);
    const key = randomUUID();
    expect((await request(pro, 10_000, key)).status).toBe(201);
    expect((await request(pro, 10_000, randomUUID())).status).toBe(201);
    expect((await request(pro, 10_000)).status).toBe(201);
    expect((await request(pro, 10_000)).status).toBe(201);
    const theirs = await request(other, 10_000, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();

    expect(await payoutsOf(pro)).toHaveLength(4);
    expect(await payoutBalances(t, pro.id)).toEqual({ available: 10_000, inFlight: 40_000 });
    expect(await payoutsOf(other)).toEqual([{ id: theirs.body.id, amount: 10_000, idempotency_key: key }]);
  });

  it('a refused request does not use up its key: after 409 the same key can succeed', async () => {
    const pro = await professionalReadyForPayouts(t, 10_000);
    const key = randomUUID();
    const refused = await request(pro, 20_000, key);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(`${PROBLEM}insufficient-funds`);
    expect(await payoutsOf(pro)).toEqual([]);
    const allowed = await request(pro, 10_000, key);
    expect(allowed.status).toBe(201);
    expect(allowed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a malformed key is 400 on Idempotency-Key and changes nothing', async () => {
    const pro = await professionalReadyForPayouts(t, 50_000);
    for (const key of ['', 'has space', 'x'.repeat(101), 'tab\there', 'ünïcode']) {
      const res = await request(pro, 10_000, Buffer.from(key, 'utf8').toString('latin1'));
      expect({ key, status: res.status }).toEqual({ key, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        { field: 'Idempotency-Key', message: expect.stringMatching(/1 to 100 visible ASCII characters/) },
      ]);
    }
    expect((await request(pro, 10_000, 'x'.repeat(100))).status).toBe(201);
    expect(await payoutsOf(pro)).toHaveLength(1);
    expect(await payoutBalances(t, pro.id)).toEqual({ available: 40_000, inFlight: 10_000 });
  });
});
