import {
  bearer,
  login,
  randomClientIp,
  registerUser,
  signedInUser,
  uniqueEmail,
} from './factories/accounts.js';
import { deliverDueMail } from './helpers/mail-delivery.js';
import { SmtpSink, linkIn } from './helpers/smtp-sink.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const FRONTEND = 'http://app.qgig.test';
const PROBLEM = 'https://qgig.ug/problems/';

describe('Email verification and passwords, with mail received over real SMTP', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startTestApp({
      env: { SMTP_URL: smtp.url, OUTBOX_POLL_SECONDS: '0.2', FRONTEND_URL: FRONTEND },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const mailTo = async (email: string, subject: RegExp) => {
    await deliverDueMail(t);
    return smtp.waitFor((m) => m.to.includes(email.toLowerCase()) && subject.test(m.subject));
  };

  describe('POST /auth/verify-email', () => {
    it('verifies the email with the token from the received mail, once', async () => {
      const user = await signedInUser(t);
      const mail = await mailTo(user.email, /Confirm your email/);
      const { url, token } = linkIn(mail, `${FRONTEND}/verify-email`);
      expect(url.startsWith(`${FRONTEND}/verify-email?token=`)).toBe(true);
      expect(mail.html).toContain('verify-email?token=');

      const res = await t.http.post('/api/v1/auth/verify-email').send({ token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ emailVerified: true });
      expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).body.emailVerified).toBe(true);

      const again = await t.http.post('/api/v1/auth/verify-email').send({ token });
      expect(again.status).toBe(400);
      expect(again.body.type).toBe(`${PROBLEM}invalid-token`);
    });

    it('refuses an unknown or expired token with 400', async () => {
      expect((await t.http.post('/api/v1/auth/verify-email').send({ token: 'z'.repeat(43) })).status).toBe(
        400,
      );
      const user = await registerUser(t);
      const mail = await mailTo(user.email, /Confirm your email/);
      await t.db.pool.query(
        `UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      const res = await t.http
        .post('/api/v1/auth/verify-email')
        .send({ token: linkIn(mail, `${FRONTEND}/verify-email`).token });
      expect(res.status).toBe(400);
    });

    it('resend mails a new link (202) that replaces the old one', async () => {
      const user = await signedInUser(t);
      const first = await mailTo(user.email, /Confirm your email/);
      expect((await t.http.post('/api/v1/auth/verify-email/resend').set(...bearer(user))).status).toBe(202);
      await deliverDueMail(t);
      const second = await smtp.waitFor((m) => m.to.includes(user.email) && m !== first);
      const oldToken = linkIn(first, `${FRONTEND}/verify-email`).token;
      expect((await t.http.post('/api/v1/auth/verify-email').send({ token: oldToken })).status).toBe(400);
      const newToken = linkIn(second, `${FRONTEND}/verify-email`).token;
      expect((await t.http.post('/api/v1/auth/verify-email').send({ token: newToken })).status).toBe(200);
      expect((await t.http.post('/api/v1/auth/verify-email/resend')).status).toBe(401);
    });
  });

  describe('POST /auth/password/forgot and /reset', () => {
    it('answers 202 whether or not the account exists, and mails only a real account', async () => {
      const ghost = uniqueEmail('ghost');
      const res = await t.http.post('/api/v1/auth/password/forgot').send({ email: ghost });
      expect(res.status).toBe(202);
      await deliverDueMail(t);
      expect(smtp.mailsTo(ghost)).toEqual([]);
      const { rows } = await t.db.pool.query(`SELECT 1 FROM mail_outbox WHERE to_address = $1`, [ghost]);
      expect(rows).toEqual([]);
    });

    it('resets with the mailed token: all sessions end, the new password works, the token works once', async () => {
      const user = await signedInUser(t);
      expect(
        (await t.http.post('/api/v1/auth/password/forgot').send({ email: user.email.toUpperCase() })).status,
      ).toBe(202);
      const mail = await mailTo(user.email, /Reset your Qgig password/);
      const { url, token } = linkIn(mail, `${FRONTEND}/reset-password`);
      expect(url).toContain(`${FRONTEND}/reset-password?token=`);

      const weak = await t.http
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'password123' });
      expect(weak.status).toBe(400);
      const res = await t.http
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'Brand-new-passphrase-9' });
      expect(res.status).toBe(204);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(user))).status).toBe(401);
      expect(
        (
          await t.http
            .post('/api/v1/auth/password/reset')
            .send({ token, newPassword: 'Another-passphrase-10' })
        ).status,
      ).toBe(400);
      await expect(login(t, user)).rejects.toThrow(/401/);
      expect((await login(t, { ...user, password: 'Brand-new-passphrase-9' })).accessToken).toBeTruthy();
    });

    it('allows 3 forgot-password requests per hour per email, then 429', async () => {
      const user = await registerUser(t);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.http
          .post('/api/v1/auth/password/forgot')
          .set('X-Forwarded-For', randomClientIp())
          .send({ email: user.email });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
    });
  });

  describe('POST /auth/password/change', () => {
    it('needs the current password, keeps this session and ends the others', async () => {
      const user = await registerUser(t);
      const here = await login(t, user);
      const elsewhere = await login(t, { ...user, ip: randomClientIp() });
      const wrong = await t.http
        .post('/api/v1/auth/password/change')
        .set(...bearer(here))
        .send({ currentPassword: 'not-my-password', newPassword: 'Changed-passphrase-11' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.type).toBe(`${PROBLEM}wrong-password`);

      const res = await t.http
        .post('/api/v1/auth/password/change')
        .set(...bearer(here))
        .send({ currentPassword: user.password, newPassword: 'Changed-passphrase-11' });
      expect(res.status).toBe(204);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(here))).status).toBe(200);
      expect((await t.http.get('/api/v1/users/me').set(...bearer(elsewhere))).status).toBe(401);
      expect((await login(t, { ...user, password: 'Changed-passphrase-11' })).accessToken).toBeTruthy();
    });
  });

  describe('mail outbox', () => {
    it('keeps mail in the outbox while the SMTP server is down and delivers it when it is back', async () => {
      await smtp.stop();
      {
        const user = await registerUser(t);
        const outboxRow = async () =>
          (
            await t.db.pool.query(`SELECT attempts, status, last_error FROM mail_outbox WHERE user_id = $1`, [
              user.id,
            ])
          ).rows;
        expect((await deliverDueMail(t)).failed).toBeGreaterThanOrEqual(1);
        expect(await outboxRow()).toEqual([
          { attempts: 1, status: 'pending', last_error: expect.any(String) },
        ]);
        await smtp.restart();
        // The retry is due one poll interval (OUTBOX_POLL_SECONDS) after the failure.
        await waitUntil(async () => {
          await deliverDueMail(t);
          return (await outboxRow())[0].status === 'sent';
        });
        const mail = await mailTo(user.email, /Confirm your email/);
        expect(linkIn(mail, `${FRONTEND}/verify-email`).token).toBeTruthy();
        expect(await outboxRow()).toEqual([{ attempts: 2, status: 'sent', last_error: null }]);
      }
    });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
