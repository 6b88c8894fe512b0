import { jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { RevocationList } from '../src/modules/auth/sessions/revocation-list.js';
import {
  REVOCATION_LISTENER_NAME,
  RevocationListener,
} from '../src/modules/auth/sessions/revocation-listener.js';
import { SessionsRepository } from '../src/modules/auth/sessions/sessions.repository.js';
import { bearer, login, randomClientIp, signedInUser, type SignedInUser } from './factories/accounts.js';
import { signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
const POLL_MS = 20;
/** How long another instance may take to refuse a token revoked elsewhere. */
const PROPAGATION_LIMIT_MS = 1_000;

/** Propagation times seen, printed at the end (the README quotes them). */
const observed: Record<string, number[]> = {};

describe('Revocation across two instances (deny-list over LISTEN/NOTIFY)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ database: a.db, pesapal: a.pesapal });
    await Promise.all([untilReady(a), untilReady(b)]);
    admin = await signedInAdmin(a);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    for (const [what, times] of Object.entries(observed)) {
      console.log(`${what}: ${times.map((ms) => `${ms.toFixed(1)} ms`).join(', ')}`);
    }
    await b?.close();
    await a?.close();
  });

  const me = (t: TestApp, user: { accessToken: string }) =>
    t.http.get('/api/v1/users/me').set(...bearer(user));

  /** Polls `t` every 20 ms until the token gets `status`; the time it took since `since`. */
  async function refusedOn(
    t: TestApp,
    user: { accessToken: string },
    status: 401 | 403,
    what: string,
    since = performance.now(),
  ): Promise<number> {
    for (;;) {
      const res = await me(t, user);
      const elapsed = performance.now() - since;
      if (res.status === status) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.type).toBe(`${PROBLEM}${status === 403 ? 'account-suspended' : 'unauthenticated'}`);
        (observed[what] ??= []).push(elapsed);
        return elapsed;
      }
      if (res.status !== 200) throw new Error(`expected 200 until ${status}, got ${res.status}`);
      if (elapsed > 5 * PROPAGATION_LIMIT_MS) throw new Error(`still 200 after ${elapsed} ms`);
      await sleep(POLL_MS);
    }
  }

  it('both instances answer from memory: no session query per request once loaded', async () => {
    const user = await signedInUser(a);
    const lookups = [a, b].map((t) => jest.spyOn(t.app.get(SessionsRepository), 'findLive'));
    for (const t of [a, b, a, b]) expect((await me(t, user)).status).toBe(200);
    expect(lookups.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
  });

  it('logout on A: refused on A at once and on B within 1 s', async () => {
    const user = await signedInUser(a);
    expect((await me(b, user)).status).toBe(200);
    expect((await a.http.post('/api/v1/auth/logout').set(...bearer(user))).status).toBe(204);
    const since = performance.now();
    const local = await me(a, user);
    expect(local.status).toBe(401);
    expect(local.body.type).toBe(`${PROBLEM}unauthenticated`);
    expect(await refusedOn(b, user, 401, 'logout → B', since)).toBeLessThan(PROPAGATION_LIMIT_MS);
  });

  it('an admin suspends on A: 403 on A at once and on B within 1 s; reactivation admits again', async () => {
    const user = await signedInUser(a, { role: 'institution' });
    const res = await a.http
      .post(`/api/v1/admin/users/${user.id}/suspend`)
      .set(...bearer(admin))
      .send({ reason: 'Ticket 12.', category: 'fraud' });
    expect(res.status).toBe(200);
    const since = performance.now();
    expect((await me(a, user)).status).toBe(403);
    expect(await refusedOn(b, user, 403, 'suspension → B', since)).toBeLessThan(PROPAGATION_LIMIT_MS);

    expect((await a.http.post(`/api/v1/admin/users/${user.id}/activate`).set(...bearer(admin))).status).toBe(
      200,
    );
    // Suspension ended the sessions: the old token stays refused, now for that reason; a new login works.
    await until(async () => (await me(b, user)).status === 401);
    const again = await login(a, { ...user, ip: randomClientIp() });
    expect((await me(b, again)).status).toBe(200);
  });

  it('a password change on A ends the other sessions on B within 1 s, and keeps this one', async () => {
    const user = await signedInUser(a);
    const elsewhere = await login(a, { ...user, ip: randomClientIp() });
    expect((await me(b, elsewhere)).status).toBe(200);
    const res = await a.http
      .post('/api/v1/auth/password/change')
      .set(...bearer(user))
      .send({ currentPassword: user.password, newPassword: 'Changed-passphrase-11' });
    expect(res.status).toBe(204);
    const since = performance.now();
    expect((await me(a, elsewhere)).status).toBe(401);
    expect(await refusedOn(b, elsewhere, 401, 'password change → B', since)).toBeLessThan(
      PROPAGATION_LIMIT_MS,
    );
    expect((await me(b, user)).status).toBe(200);
    expect((await me(a, user)).status).toBe(200);
  });

  it('a change made straight in the database (no app involved) reaches both within 1 s', async () => {
    const user = await signedInUser(a);
    await a.db.pool.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [user.id]);
    const since = performance.now();
    for (const t of [a, b]) {
      expect(await refusedOn(t, user, 403, 'SQL suspension → A, B', since)).toBeLessThan(
        PROPAGATION_LIMIT_MS,
      );
    }
    await a.db.pool.query(`UPDATE users SET status = 'active' WHERE id = $1`, [user.id]);
    await until(async () => (await me(b, user)).status === 200);
  });

  it('a token whose session was revoked, or whose session no longer exists, is a 401 problem', async () => {
    const revoked = await signedInUser(a);
    await a.http.post('/api/v1/auth/logout').set(...bearer(revoked));
    const gone = await signedInUser(a);
    await a.db.pool.query(`DELETE FROM sessions WHERE id = $1`, [claimsOf(gone).sid]);
    for (const t of [a, b]) {
      await refusedOn(t, revoked, 401, 'revoked session');
      await refusedOn(t, gone, 401, 'deleted session');
    }
    const forged = jwt.sign(
      { ...claimsOf(gone), sid: crypto.randomUUID() },
      'another-secret-0123456789abcdef',
      {
        algorithm: 'HS256',
      },
    );
    for (const t of [a, b]) {
      const res = await me(t, { accessToken: forged });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(`${PROBLEM}unauthenticated`);
    }
  });

  describe("B's listening connection is killed", () => {
    it('B asks the database meanwhile, reloads on reconnecting, and then follows notices again', async () => {
      const user = await signedInUser(a);
      const other = await signedInUser(a);
      const pid = await killListener(b);
      expect(b.app.get(RevocationList).ready).toBe(false);
      expect(a.app.get(RevocationList).ready).toBe(true);

      // Revoked on A while B's listener is down or reconnecting: B refuses all the same (from the database
      // while down; from its reload or the notice once back).
      expect((await a.http.post('/api/v1/auth/logout').set(...bearer(user))).status).toBe(204);
      expect(await refusedOn(b, user, 401, 'logout → B while reconnecting')).toBeLessThan(
        PROPAGATION_LIMIT_MS,
      );

      await untilReady(b);
      expect(b.app.get(RevocationListener).backendPid).not.toBe(pid);
      expect((await me(b, user)).status).toBe(401);
      expect((await me(b, other)).status).toBe(200);
      expect((await a.http.post('/api/v1/auth/logout').set(...bearer(other))).status).toBe(204);
      expect(await refusedOn(b, other, 401, 'logout → B after reconnecting')).toBeLessThan(
        PROPAGATION_LIMIT_MS,
      );
    });

    it('while B reloads, it refuses from the database and keeps what was revoked during the reload', async () => {
      const user = await signedInUser(a);
      const repository = b.app.get(SessionsRepository);
      const lookups = jest.spyOn(repository, 'findLive');
      // Hold B's reload open after its LISTEN, so the revocation lands in the middle of it.
      const original = repository.listRevokedWithin.bind(repository);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let reloading!: () => void;
      const reloadStarted = new Promise<void>((resolve) => (reloading = resolve));
      jest.spyOn(repository, 'listRevokedWithin').mockImplementationOnce(async (seconds) => {
        reloading();
        await released;
        return original(seconds);
      });

      await killListener(b);
      await reloadStarted;
      expect((await me(b, user)).status).toBe(200);
      expect(lookups).toHaveBeenCalled();
      expect((await a.http.post('/api/v1/auth/logout').set(...bearer(user))).status).toBe(204);
      expect((await me(b, user)).status).toBe(401);
      // The notice arrives while the snapshot is being read; the reload must not lose it.
      await sleep(100);
      release();
      await untilReady(b);
      lookups.mockClear();
      expect((await me(b, user)).status).toBe(401);
      expect(lookups).not.toHaveBeenCalled();
    });
  });

  /** Terminates `t`'s listening connection (only its own: by backend pid and application name). */
  async function killListener(t: TestApp): Promise<number> {
    const pid = t.app.get(RevocationListener).backendPid;
    expect(pid).toBeDefined();
    const { rows } = await t.db.pool.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND pid = $2`,
      [REVOCATION_LISTENER_NAME, pid],
    );
    expect(rows).toEqual([{ killed: true }]);
    // The client learns of it from the server's goodbye; wait for that rather than guess.
    await until(async () => !t.app.get(RevocationList).ready);
    return pid!;
  }
});

async function untilReady(t: TestApp): Promise<void> {
  await until(async () => t.app.get(RevocationList).ready);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

function claimsOf(user: { accessToken: string }): { sub: string; sid: string; role: string } {
  return JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
