import { currentTotpCounter, totpAt } from '../src/common/crypto/totp.js';
import { bearer, login, signedInUser, type SignedInUser } from './factories/accounts.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

/** The code an authenticator app would show `steps` time steps from now. */
function codeFor(otpauthUrl: string, steps = 0): string {
  const secret = new URL(otpauthUrl).searchParams.get('secret')!;
  return totpAt(secret, currentTotpCounter(Date.now()) + steps);
}

describe('Two-factor authentication (TOTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function enable(user: SignedInUser): Promise<{ otpauthUrl: string; backupCodes: string[] }> {
    const setup = await t.http.post('/api/v1/auth/2fa/setup').set(...bearer(user));
    expect(setup.status).toBe(200);
    const enabled = await t.http
      .post('/api/v1/auth/2fa/enable')
      .set(...bearer(user))
      .send({ otp: codeFor(setup.body.otpauthUrl) });
    expect(enabled.status).toBe(200);
    return { otpauthUrl: setup.body.otpauthUrl, backupCodes: enabled.body.backupCodes };
  }

  const tryLogin = (user: SignedInUser, otp?: string) =>
    t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password, ...(otp ? { otp } : {}) });

  it('setup answers an otpauth URL and a QR code; enable needs a correct code and answers 10 backup codes', async () => {
    const user = await signedInUser(t);
    const setup = await t.http.post('/api/v1/auth/2fa/setup').set(...bearer(user));
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Qgig:.+\?secret=[A-Z2-7]+/);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);

    const wrong = await t.http
      .post('/api/v1/auth/2fa/enable')
      .set(...bearer(user))
      .send({ otp: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe(`${PROBLEM}wrong-otp`);
    expect(
      (
        await t.http
          .post('/api/v1/auth/2fa/enable')
          .set(...bearer(user))
          .send({ otp: '12ab' })
      ).status,
    ).toBe(400);

    const res = await t.http
      .post('/api/v1/auth/2fa/enable')
      .set(...bearer(user))
      .send({ otp: codeFor(setup.body.otpauthUrl) });
    expect(res.status).toBe(200);
    expect(res.body.backupCodes).toHaveLength(10);
    expect(new Set(res.body.backupCodes).size).toBe(10);
    expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).body.twoFactorEnabled).toBe(true);
    expect((await t.http.post('/api/v1/auth/2fa/setup').set(...bearer(user))).status).toBe(409);

    const { rows } = await t.db.pool.query(`SELECT two_factor_secret FROM users WHERE id = $1`, [user.id]);
    const plainSecret = new URL(setup.body.otpauthUrl).searchParams.get('secret')!;
    expect(rows[0].two_factor_secret).not.toContain(plainSecret);
  });

  it('enable before setup is 409', async () => {
    const user = await signedInUser(t);
    const res = await t.http
      .post('/api/v1/auth/2fa/enable')
      .set(...bearer(user))
      .send({ otp: '123456' });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(`${PROBLEM}two-factor-not-set-up`);
  });

  it('once on, login needs a code: 401 otp-required without, 401 with a wrong one, 200 with the current one, never twice', async () => {
    const user = await signedInUser(t);
    const { otpauthUrl } = await enable(user);

    const missing = await tryLogin(user);
    expect(missing.status).toBe(401);
    expect(missing.body.type).toBe(`${PROBLEM}otp-required`);
    const wrong = await tryLogin(user, '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.type).toBe(`${PROBLEM}invalid-otp`);

    // The enabling code used the current step; the next step's code is the one a user would type now.
    const code = codeFor(otpauthUrl, 1);
    expect((await tryLogin(user, code)).status).toBe(200);
    expect((await tryLogin(user, code)).status).toBe(401);
  });

  it('accepts each backup code once', async () => {
    const user = await signedInUser(t);
    const { backupCodes } = await enable(user);
    expect((await tryLogin(user, backupCodes[0].toUpperCase())).status).toBe(200);
    expect((await tryLogin(user, backupCodes[0])).status).toBe(401);
    expect((await tryLogin(user, backupCodes[1])).status).toBe(200);
  });

  it('disable needs a code or the password; afterwards login needs neither', async () => {
    const user = await signedInUser(t);
    await enable(user);
    expect(
      (
        await t.http
          .post('/api/v1/auth/2fa/disable')
          .set(...bearer(user))
          .send({})
      ).status,
    ).toBe(400);
    const wrong = await t.http
      .post('/api/v1/auth/2fa/disable')
      .set(...bearer(user))
      .send({ password: 'not-my-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe(`${PROBLEM}wrong-password`);
    expect(
      (
        await t.http
          .post('/api/v1/auth/2fa/disable')
          .set(...bearer(user))
          .send({ password: user.password })
      ).status,
    ).toBe(204);
    expect(
      (
        await t.http
          .post('/api/v1/auth/2fa/disable')
          .set(...bearer(user))
          .send({ password: user.password })
      ).status,
    ).toBe(409);
    expect((await login(t, user)).accessToken).toBeTruthy();
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM two_factor_backup_codes WHERE user_id = $1`,
      [user.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('writes enable, disable and backup-code use to the audit log', async () => {
    const user = await signedInUser(t);
    const { backupCodes } = await enable(user);
    await tryLogin(user, backupCodes[0]);
    const { rows } = await t.db.pool.query(`SELECT action, request_id FROM audit_log WHERE actor_id = $1`, [
      user.id,
    ]);
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.2fa_enabled', 'auth.2fa_backup_code_used', 'auth.login']),
    );
    expect(rows.every((r) => r.request_id)).toBe(true);
  });
});
