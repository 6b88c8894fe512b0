import {
  bearer,
  DEFAULT_PASSWORD,
  login,
  randomClientIp,
  registerUser,
  registrationBody,
  signedInUser,
  uniqueEmail,
} from './factories/accounts.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Auth: register, login, refresh, logout, sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const userCount = async () => Number((await t.db.pool.query(`SELECT count(*) FROM users`)).rows[0].count);
  const register = (body: Record<string, unknown>, ip = randomClientIp()) =>
    t.http.post('/api/v1/auth/register').set('X-Forwarded-For', ip).send(body);

  describe('POST /auth/register', () => {
    it('creates the account, stores the phone in E.164 and the consent, and answers the user', async () => {
      const body = registrationBody({ phone: '0772 123 456', role: 'institution' });
      const res = await register(body);
      expect(res.status).toBe(201);
      expect(res.body.user).toEqual({
        id: expect.any(String),
        name: 'Grace Nakato',
        email: body.email,
        phone: '+256772123456',
        role: 'institution',
        status: 'active',
        emailNotifications: true,
        emailVerified: false,
        twoFactorEnabled: false,
        createdAt: expect.any(String),
      });
      const { rows } = await t.db.pool.query(
        `SELECT consent_version, consented_at, password_hash FROM users WHERE id = $1`,
        [res.body.user.id],
      );
      expect(rows[0].consent_version).toBeTruthy();
      expect(rows[0].consented_at).toBeInstanceOf(Date);
      expect(rows[0].password_hash).toMatch(/^\$2[aby]\$(1[2-9]|[2-3]\d)\$/);
    });

    it.each([
      ['a short password', { password: 'short1!' }, 'password', /at least 10/],
      ['a common password', { password: 'qwertyuiop' }, 'password', /common/],
      ['a landline phone', { phone: '+256 414 123456' }, 'phone', /mobile/],
      ['a foreign phone', { phone: '+254712345678' }, 'phone', /Ugandan/],
      ['a malformed phone', { phone: '07721' }, 'phone', /Ugandan mobile/],
      ['consent false', { consent: false }, 'consent', /consent must be true/],
      ['consent missing', { consent: undefined }, 'consent', /consent must be true/],
      ['role admin', { role: 'admin' }, 'role', /professional or institution/],
      ['an unknown field', { verified: true }, 'verified', /should not exist/],
      ['an empty name', { name: '   ' }, 'name', /name/],
      ['a bad email', { email: 'not-an-email' }, 'email', /email address/],
    ])(
      'refuses %s with 400 naming the field, and creates nothing',
      async (_case, overrides, field, message) => {
        const before = await userCount();
        const res = await register(registrationBody(overrides));
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.type).toBe(`${PROBLEM}validation-failed`);
        expect(res.body.errors).toEqual(
          expect.arrayContaining([{ field, message: expect.stringMatching(message) }]),
        );
        expect(await userCount()).toBe(before);
      },
    );

    it('answers 409 for an email taken in another case, and for a phone taken in another form', async () => {
      const first = await registerUser(t, { email: uniqueEmail('dup'), phone: '+256701000111' });
      const sameEmail = await register(registrationBody({ email: first.email.toUpperCase() }));
      expect(sameEmail.status).toBe(409);
      expect(sameEmail.body.type).toBe(`${PROBLEM}email-taken`);
      const samePhone = await register(registrationBody({ phone: '0701 000 111' }));
      expect(samePhone.status).toBe(409);
      expect(samePhone.body.type).toBe(`${PROBLEM}phone-taken`);
    });

    it('stores and returns SQL- and HTML-looking names literally', async () => {
      for (const name of [`Robert'); DROP TABLE users;--`, '<script>alert(1)</script> Okello']) {
        const res = await register(registrationBody({ name }));
        expect(res.status).toBe(201);
        expect(res.body.user.name).toBe(name);
        const { rows } = await t.db.pool.query(`SELECT name FROM users WHERE id = $1`, [res.body.user.id]);
        expect(rows[0].name).toBe(name);
      }
    });

    it('allows 10 sign-ups per hour from one address, then 429 with Retry-After', async () => {
      const ip = randomClientIp();
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await register(registrationBody(), ip)).status);
      expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
      const last = await register(registrationBody(), ip);
      expect(last.status).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.body.type).toBe(`${PROBLEM}rate-limited`);
    });
  });

  describe('POST /auth/login', () => {
    it('answers an access token, a refresh token, its lifetime and the user', async () => {
      const user = await registerUser(t);
      const res = await t.http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', user.ip)
        .send({ email: user.email, password: user.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({ id: user.id, email: user.email }),
      });
      const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toEqual(
        expect.objectContaining({ sub: user.id, role: 'professional', sid: expect.any(String) }),
      );
      expect(claims.exp - claims.iat).toBe(900);
    });

    it('answers the same 401 for an unknown email and a wrong password', async () => {
      const user = await registerUser(t);
      const wrong = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not-the-password' });
      const unknown = await t.http
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail('nobody'), password: 'whatever-password' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.type).toBe(`${PROBLEM}invalid-credentials`);
      }
      expect(wrong.body.detail).toBe(unknown.body.detail);
    });

    it('refuses a suspended user with 403 and an explanation', async () => {
      const user = await registerUser(t);
      await t.db.pool.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [user.id]);
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(`${PROBLEM}account-suspended`);
    });

    it('allows 5 attempts per minute for one email from one address, then 429', async () => {
      const user = await registerUser(t);
      const ip = randomClientIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.http
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', ip)
          .send({ email: user.email, password: 'wrong-password-x' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Another address, or another email from the same address, is counted apart.
      expect((await login(t, { ...user, ip: randomClientIp() })).accessToken).toBeTruthy();
    });

    it('validates the body', async () => {
      const res = await t.http.post('/api/v1/auth/login').send({ email: 'x', password: '' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: the new pair works, the old refresh token is dead, and reusing it ends the session', async () => {
      const user = await signedInUser(t);
      const first = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
      });
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(first.body))).status).toBe(200);

      const replay = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.type).toBe(`${PROBLEM}refresh-token-reused`);
      // The whole session is gone: the newest tokens die too.
      expect(
        (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken })).status,
      ).toBe(401);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(first.body))).status).toBe(401);
      const { rows } = await t.db.pool.query(`SELECT action FROM audit_log WHERE actor_id = $1`, [user.id]);
      expect(rows.map((r) => r.action)).toContain('auth.refresh_token_reused');
    });

    it('answers 401 for an unknown token and 400 for a malformed body', async () => {
      const unknown = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'x'.repeat(43) });
      expect(unknown.status).toBe(401);
      expect(unknown.body.type).toBe(`${PROBLEM}invalid-refresh-token`);
      expect((await t.http.post('/api/v1/auth/refresh').send({})).status).toBe(400);
    });
  });

  describe('POST /auth/logout, GET/DELETE /auth/sessions', () => {
    it('logout ends the session: the access token is refused on the next request', async () => {
      const user = await signedInUser(t);
      expect((await t.http.post('/api/v1/auth/logout').set(...bearer(user))).status).toBe(204);
      const after = await t.http.get('/api/v1/users/me').set(...bearer(user));
      expect(after.status).toBe(401);
      expect(
        (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status,
      ).toBe(401);
    });

    it('lists live sessions with device and address and revokes one of them', async () => {
      const user = await registerUser(t);
      const phone = await login(t, user);
      const laptop = await login(t, { ...user, ip: randomClientIp() });
      const list = await t.http
        .get('/api/v1/auth/sessions')
        .set(...bearer(laptop))
        .set('User-Agent', 'laptop');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const other = list.body.items.find((s: { current: boolean }) => !s.current);
      expect(other).toEqual(expect.objectContaining({ ip: user.ip, lastUsedAt: expect.any(String) }));

      expect((await t.http.delete(`/api/v1/auth/sessions/${other.id}`).set(...bearer(laptop))).status).toBe(
        204,
      );
      expect((await t.http.get('/api/v1/users/me').set(...bearer(phone))).status).toBe(401);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(laptop))).status).toBe(200);
    });

    it('answers 404 for another user’s session and 400 for a malformed id', async () => {
      const a = await signedInUser(t);
      const b = await signedInUser(t);
      const bSessions = await t.http.get('/api/v1/auth/sessions').set(...bearer(b));
      const res = await t.http
        .delete(`/api/v1/auth/sessions/${bSessions.body.items[0].id}`)
        .set(...bearer(a));
      expect(res.status).toBe(404);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(b))).status).toBe(200);
      expect((await t.http.delete('/api/v1/auth/sessions/not-a-uuid').set(...bearer(a))).status).toBe(400);
    });

    it('requires a token: 401 without one or with a forged one', async () => {
      expect((await t.http.get('/api/v1/auth/sessions')).status).toBe(401);
      const forged = await t.http
        .get('/api/v1/auth/sessions')
        .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
      expect(forged.status).toBe(401);
      expect(forged.body.type).toBe(`${PROBLEM}unauthenticated`);
    });
  });

  describe('suspension', () => {
    it('refuses the existing access token on the very next request, and refresh too', async () => {
      const user = await signedInUser(t);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).status).toBe(200);
      await t.db.pool.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [user.id]);
      const res = await t.http.get('/api/v1/users/me').set(...bearer(user));
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(`${PROBLEM}account-suspended`);
      expect(
        (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status,
      ).toBe(403);
    });
  });

  describe('secrets', () => {
    it('never puts a password, token or hash in a response or a log line', async () => {
      const user = await signedInUser(t, { password: DEFAULT_PASSWORD });
      const responses = [
        await t.http.get('/api/v1/users/me').set(...bearer(user)),
        await t.http.get('/api/v1/users/me/export').set(...bearer(user)),
        await t.http.get('/api/v1/auth/sessions').set(...bearer(user)),
        await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
      ];
      const { rows } = await t.db.pool.query(
        `SELECT u.password_hash, s.refresh_token_hash FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.id = $1`,
        [user.id],
      );
      const refreshed = responses[3].body;
      const bodies = responses
        .slice(0, 3)
        .map((r) => JSON.stringify(r.body))
        .join('\n');
      for (const secret of [
        user.password,
        user.refreshToken,
        rows[0].password_hash,
        rows[0].refresh_token_hash,
      ]) {
        expect(bodies).not.toContain(secret);
      }
      const logs = t.logs.text();
      for (const secret of [
        user.password,
        user.refreshToken,
        user.accessToken,
        refreshed.refreshToken,
        rows[0].password_hash,
      ]) {
        expect(logs).not.toContain(secret);
      }
    });
  });
});
