import { bearer, login, signedInUser, type SignedInUser } from './factories/accounts.js';
import { kampalaDate, postJob } from './factories/jobs.js';
import {
  acceptedJob,
  initiatePayment,
  payOnHostedPage,
  transactionRow,
  eventually,
} from './factories/payments.js';
import { institutionWithProfile, professionalWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Admin', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
  });
  afterAll(() => t.close());

  it('every /api/v1/admin route of the OpenAPI document: 401 without a token, 403 for P and I, not 401/403 for admins', async () => {
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/admin/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const professional = await professionalWithProfile(t);
    const institution = await institutionWithProfile(t);
    const call = (method: string, path: string, user?: SignedInUser) => {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const req = (t.http as unknown as Record<string, (u: string) => ReturnType<TestApp['http']['get']>>)[
        method
      ](url);
      return user ? req.set(...bearer(user)).send({}) : req.send({});
    };
    for (const { method, path } of routes) {
      const route = `${method.toUpperCase()} ${path}`;
      expect({ route, status: (await call(method, path)).status }).toEqual({ route, status: 401 });
      expect({ route, status: (await call(method, path, professional)).status }).toEqual({
        route,
        status: 403,
      });
      expect({ route, status: (await call(method, path, institution)).status }).toEqual({
        route,
        status: 403,
      });
      const asAdmin = (await call(method, path, admin)).status;
      expect({ route, forbidden: asAdmin === 401 || asAdmin === 403 }).toEqual({ route, forbidden: false });
    }
  });

  it('metrics equal counts computed independently from what the test created', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const owner = await institutionWithProfile(t);
    const open = [
      await postJob(t, owner, { date: kampalaDate(5) }),
      await postJob(t, owner, { date: kampalaDate(6) }),
    ];
    const cancelled = await postJob(t, owner, { date: kampalaDate(7) });
    await t.http
      .post(`/api/v1/jobs/${cancelled.id}/cancel`)
      .set(...bearer(owner))
      .send({ reason: 'Not needed.' });
    const accepted = await acceptedJob(t, owner);
    const paid = await acceptedJob(t, owner);
    const payment = await initiatePayment(t, owner, paid.job.id);
    await payOnHostedPage(payment.redirectUrl, 'mtn');
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'completed');
    await initiatePayment(t, owner, accepted.job.id);
    const to = new Date(Date.now() + 1000).toISOString();

    const res = await t.http
      .get(`/api/v1/admin/metrics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
      .set(...bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.jobs).toEqual({
      posted: 5,
      open: open.length,
      accepted: 1,
      paid: 1,
      completed: 0,
      cancelled: 1,
      expired: 0,
    });
    expect(res.body.payments).toEqual({ count: 2, completedAmount: 135000, pending: 1, failed: 0 });

    const all = await t.http.get('/api/v1/admin/metrics').set(...bearer(admin));
    const count = async (sql: string) => (await t.db.pool.query(sql)).rows[0].n as number;
    expect(all.body.users).toEqual({
      professionals: await count(
        `SELECT count(*)::int AS n FROM users WHERE role = 'professional' AND status <> 'deleted'`,
      ),
      institutions: await count(
        `SELECT count(*)::int AS n FROM users WHERE role = 'institution' AND status <> 'deleted'`,
      ),
      verifiedProfessionals: await count(
        `SELECT count(*)::int AS n FROM professionals p JOIN users u ON u.id = p.user_id WHERE p.verified AND u.status = 'active'`,
      ),
      suspended: await count(`SELECT count(*)::int AS n FROM users WHERE status = 'suspended'`),
    });
    expect(all.body.jobs.posted).toBe(await count(`SELECT count(*)::int AS n FROM jobs`));
    expect((await t.http.get('/api/v1/admin/metrics?from=yesterday').set(...bearer(admin))).status).toBe(400);
  });

  it('suspension refuses the existing token on the very next request and login says why; activation restores login', async () => {
    const user = await signedInUser(t, { role: 'institution' });
    expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).status).toBe(200);
    const res = await t.http
      .post(`/api/v1/admin/users/${user.id}/suspend`)
      .set(...bearer(admin))
      .send({ reason: 'Posted fake jobs; ticket 88.', category: 'fraud' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ status: 'suspended', suspensionCategory: 'fraud' }));
    expect([401, 403]).toContain((await t.http.get('/api/v1/users/me').set(...bearer(user))).status);
    const refused = await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', user.ip)
      .send({ email: user.email, password: user.password });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe(`${PROBLEM}account-suspended`);
    expect(refused.body.reason).toBe('fraud');
    expect(JSON.stringify(refused.body)).not.toContain('ticket 88');

    expect(
      (await t.http.post(`/api/v1/admin/users/${user.id}/activate`).set(...bearer(admin))).body.status,
    ).toBe('active');
    const again = await login(t, user);
    expect((await t.http.get('/api/v1/users/me').set(...bearer(again))).status).toBe(200);
    expect((await t.http.post(`/api/v1/admin/users/${user.id}/activate`).set(...bearer(admin))).status).toBe(
      409,
    );

    const { rows } = await t.db.pool.query(
      `SELECT action, actor_id FROM audit_log WHERE target_id = $1 AND action LIKE 'user.%' ORDER BY id`,
      [user.id],
    );
    expect(rows).toEqual([
      { action: 'user.suspended', actor_id: admin.id },
      { action: 'user.activated', actor_id: admin.id },
    ]);
  });

  it('admins cannot suspend themselves or another admin; a reason is required', async () => {
    const other = await signedInAdmin(t);
    for (const target of [admin.id, other.id]) {
      const res = await t.http
        .post(`/api/v1/admin/users/${target}/suspend`)
        .set(...bearer(admin))
        .send({ reason: 'Testing.' });
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(`${PROBLEM}cannot-suspend-admin`);
    }
    const user = await signedInUser(t);
    expect(
      (
        await t.http
          .post(`/api/v1/admin/users/${user.id}/suspend`)
          .set(...bearer(admin))
          .send({})
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post(`/api/v1/admin/users/${user.id}/suspend`)
          .set(...bearer(admin))
          .send({ reason: 'x y z', category: 'bad' })
      ).status,
    ).toBe(400);
  });

  it('user search by role, status and part of name, email or phone, any case', async () => {
    const user = await signedInUser(t, { role: 'professional', name: 'Nakibuuka Zawadi' });
    const search = async (query: string) =>
      (
        (await t.http.get(`/api/v1/admin/users?${query}`).set(...bearer(admin))).body.items as {
          id: string;
        }[]
      ).map((u) => u.id);
    expect(await search('q=ZAWADI')).toContain(user.id);
    expect(await search(`q=${user.email.slice(0, 10).toUpperCase()}`)).toContain(user.id);
    expect(await search(`q=${user.phone.slice(-7)}`)).toContain(user.id);
    expect(await search('q=zawadi&role=institution')).not.toContain(user.id);
    expect(await search('q=zawadi&status=suspended')).not.toContain(user.id);
    expect((await t.http.get('/api/v1/admin/users?role=pilot').set(...bearer(admin))).status).toBe(400);
  });

  it('jobs and payments lists with filters; admin cancel of a paid job refunds it', async () => {
    const { institution, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    await payOnHostedPage(payment.redirectUrl, 'card');
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'completed');

    const jobs = await t.http
      .get(`/api/v1/admin/jobs?status=paid&institutionId=${institution.id}`)
      .set(...bearer(admin));
    expect(jobs.body.items.map((j: { id: string }) => j.id)).toEqual([job.id]);
    const payments = await t.http
      .get(`/api/v1/admin/payments?status=completed&institutionId=${institution.id}`)
      .set(...bearer(admin));
    expect(payments.body.items.map((p: { id: string }) => p.id)).toEqual([payment.transactionId]);
    const byJob = await t.http.get(`/api/v1/admin/payments?jobId=${job.id}`).set(...bearer(admin));
    expect(byJob.body.items).toHaveLength(1);

    const cancel = await t.http
      .post(`/api/v1/admin/jobs/${job.id}/cancel`)
      .set(...bearer(admin))
      .send({ reason: 'Fraud investigation.' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect((await transactionRow(t, payment.transactionId)).refund_status).toBe('requested');
    expect(
      (
        await t.http
          .post(`/api/v1/admin/jobs/${job.id}/cancel`)
          .set(...bearer(admin))
          .send({})
      ).status,
    ).toBe(400);
  });

  it('the audit log lists admin actions and security events, filterable, newest first', async () => {
    const user = await signedInUser(t);
    await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '10.9.9.9')
      .send({ email: user.email, password: 'wrong-password-1' });
    const failed = await t.http
      .get(`/api/v1/admin/audit-log?actor=${user.id}&action=auth.login_failed`)
      .set(...bearer(admin));
    expect(failed.status).toBe(200);
    expect(failed.body.items[0]).toEqual(
      expect.objectContaining({
        actorId: user.id,
        action: 'auth.login_failed',
        ip: '10.9.9.9',
        requestId: expect.any(String),
      }),
    );
    const prefix = await t.http
      .get(`/api/v1/admin/audit-log?actor=${user.id}&action=auth.`)
      .set(...bearer(admin));
    expect(prefix.body.items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
    const page = await t.http.get('/api/v1/admin/audit-log?limit=2').set(...bearer(admin));
    const next = await t.http
      .get(`/api/v1/admin/audit-log?limit=2&cursor=${page.body.nextCursor}`)
      .set(...bearer(admin));
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(page.body.items[1].id));
  });
});
