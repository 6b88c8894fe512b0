import { bearer, login, registrationBody, signedInUser } from './factories/accounts.js';
import { institutionWithProfile, professionalWithProfile } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Me: /users/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET answers the account; 401 without a token', async () => {
    const user = await signedInUser(t);
    const res = await t.http.get('/api/v1/users/me').set(...bearer(user));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'createdAt',
        'email',
        'emailNotifications',
        'emailVerified',
        'id',
        'name',
        'phone',
        'role',
        'status',
        'twoFactorEnabled',
      ].sort(),
    );
    expect((await t.http.get('/api/v1/users/me')).status).toBe(401);
  });

  it('PATCH changes name and phone (normalised); refuses a bad phone, a taken phone and unknown fields', async () => {
    const user = await signedInUser(t);
    const other = await signedInUser(t);
    const res = await t.http
      .patch('/api/v1/users/me')
      .set(...bearer(user))
      .send({ name: 'Grace N. Mukasa', phone: '0701 234 567' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ name: 'Grace N. Mukasa', phone: '+256701234567' }));

    expect(
      (
        await t.http
          .patch('/api/v1/users/me')
          .set(...bearer(user))
          .send({ phone: '12345' })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .patch('/api/v1/users/me')
          .set(...bearer(user))
          .send({ role: 'admin' })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .patch('/api/v1/users/me')
          .set(...bearer(user))
          .send({ name: '' })
      ).status,
    ).toBe(400);
    const taken = await t.http
      .patch('/api/v1/users/me')
      .set(...bearer(user))
      .send({ phone: other.phone });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe(`${PROBLEM}phone-taken`);
    const { rows } = await t.db.pool.query(`SELECT name, phone, role FROM users WHERE id = $1`, [user.id]);
    expect(rows[0]).toEqual({ name: 'Grace N. Mukasa', phone: '+256701234567', role: 'professional' });
  });

  it('GET export answers everything stored about the caller, and no secrets', async () => {
    const user = await signedInUser(t);
    const res = await t.http.get('/api/v1/users/me/export').set(...bearer(user));
    expect(res.status).toBe(200);
    expect(res.body.account).toEqual(
      expect.objectContaining({ id: user.id, email: user.email, consentVersion: expect.any(String) }),
    );
    expect(res.body.sessions).toHaveLength(1);
    expect(res.body.auditLog.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['auth.register', 'auth.login']),
    );
    expect(res.body.emails).toEqual([expect.objectContaining({ subject: 'Confirm your email for Qgig' })]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/\$2[aby]\$|password_?hash|token_?hash|two_?factor_?secret/i);
    expect(text).not.toContain(user.refreshToken);
  });

  it('exports the profile by named columns: a column added to the table later is not exported', async () => {
    await t.db.pool.query(`ALTER TABLE professionals ADD COLUMN internal_note text DEFAULT 'not for export'`);
    await t.db.pool.query(`ALTER TABLE institutions ADD COLUMN internal_note text DEFAULT 'not for export'`);
    try {
      const professional = await professionalWithProfile(t);
      const institution = await institutionWithProfile(t);
      const [mine, theirs] = await Promise.all(
        [professional, institution].map((user) => t.http.get('/api/v1/users/me/export').set(...bearer(user))),
      );
      expect(Object.keys(mine.body.profile).sort()).toEqual(
        [
          'availability',
          'bio',
          'created_at',
          'currency',
          'daily_rate',
          'district',
          'experience_years',
          'hourly_rate',
          'profession',
          'rating_count',
          'rating_total',
          'skills',
          'updated_at',
          'verified',
          'verified_at',
        ].sort(),
      );
      expect(Object.keys(theirs.body.profile)).toContain('contact_phone');
      for (const res of [mine, theirs]) {
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain('not for export');
      }
    } finally {
      await t.db.pool.query(`ALTER TABLE professionals DROP COLUMN internal_note`);
      await t.db.pool.query(`ALTER TABLE institutions DROP COLUMN internal_note`);
    }
  });

  describe('DELETE /users/me', () => {
    it('refuses a wrong password with 400 and changes nothing', async () => {
      const user = await signedInUser(t);
      const res = await t.http
        .delete('/api/v1/users/me')
        .set(...bearer(user))
        .send({ password: 'not-my-password' });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe(`${PROBLEM}wrong-password`);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).status).toBe(200);
    });

    it('erases personal data, ends every session, keeps the row, and frees the email for a new account', async () => {
      const user = await signedInUser(t);
      const res = await t.http
        .delete('/api/v1/users/me')
        .set(...bearer(user))
        .send({ password: user.password });
      expect(res.status).toBe(204);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).status).toBe(401);
      expect(
        (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status,
      ).toBe(401);
      await expect(login(t, user)).rejects.toThrow(/401/);

      const { rows } = await t.db.pool.query(
        `SELECT name, email, phone, password_hash, status, deleted_at FROM users WHERE id = $1`,
        [user.id],
      );
      expect(rows[0]).toEqual({
        name: 'Deleted user',
        email: null,
        phone: null,
        password_hash: null,
        status: 'deleted',
        deleted_at: expect.any(Date),
      });
      for (const table of ['sessions', 'one_time_tokens', 'mail_outbox', 'two_factor_backup_codes']) {
        const count = await t.db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [
          user.id,
        ]);
        expect(count.rows[0].n).toBe(0);
      }
      const again = await t.http
        .post('/api/v1/auth/register')
        .send(registrationBody({ email: user.email, phone: user.phone }));
      expect(again.status).toBe(201);
    });
  });
});
