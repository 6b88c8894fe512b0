import { JobLifecycleWorker } from '../src/modules/jobs/job-lifecycle.worker.js';
import { bearer, signedInUser, type SignedInUser } from './factories/accounts.js';
import { kampalaDate, postJob } from './factories/jobs.js';
import {
  acceptedJob,
  emulatorControl,
  eventually,
  initiatePayment,
  payOnHostedPage,
  transactionRow,
} from './factories/payments.js';
import {
  institutionWithProfile,
  professionalWithProfile,
  signedInAdmin,
  uploadDocument,
} from './factories/profiles.js';
import { deliverDueMail } from './helpers/mail-delivery.js';
import { SmtpSink } from './helpers/smtp-sink.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const FRONTEND = 'https://app.qgig.test';

describe('Notifications: in-app and email, once per event', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: SignedInUser;
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startTestApp({
      env: { SMTP_URL: smtp.url, FRONTEND_URL: FRONTEND },
    });
    admin = await signedInAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /**
   * Exactly one in-app notification of `type` for the user, and exactly one email with its title as the
   * subject, queued in the outbox and received over SMTP, linking into the SPA.
   */
  async function expectExactlyOnce(user: SignedInUser, type: string): Promise<void> {
    const rows = (await eventually(async () => {
      const { rows } = await t.db.pool.query<{ title: string }>(
        `SELECT title FROM notifications WHERE user_id = $1 AND type = $2`,
        [user.id, type],
      );
      return rows.length > 0 ? rows : undefined;
    }))!;
    expect(rows).toHaveLength(1);
    await deliverDueMail(t);
    const mail = await smtp.waitFor(
      (m) => m.to.includes(user.email.toLowerCase()) && m.subject === rows[0].title,
    );
    expect(mail.text).toContain(FRONTEND);
    expect(mail.html).toContain(`href="${FRONTEND}`);
    // Give late duplicates (racing IPNs, retried sweeps) time to be queued, then deliver them too.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await deliverDueMail(t);
    expect(smtp.mailsTo(user.email).filter((m) => m.subject === rows[0].title)).toHaveLength(1);
    const { rows: queued } = await t.db.pool.query(
      `SELECT status FROM mail_outbox WHERE user_id = $1 AND subject = $2`,
      [user.id, rows[0].title],
    );
    expect(queued).toEqual([{ status: 'sent' }]);
  }

  it('job accepted → institution; job cancelled → the professional', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    await expectExactlyOnce(institution, 'job.accepted');
    await t.http
      .post(`/api/v1/jobs/${job.id}/cancel`)
      .set(...bearer(institution))
      .send({ reason: 'Exams postponed.' });
    await expectExactlyOnce(professional, 'job.cancelled');
  });

  it('payment completed → both sides, once, even with 20 duplicate IPNs racing the callback', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    const emulator = emulatorControl(t);
    await emulator.setOutcome(payment.orderTrackingId, { status: 'COMPLETED', ipn: 'none' });
    await Promise.all([
      emulator.deliverIpn(payment.orderTrackingId, 20),
      t.http.get(`/api/v1/payments/callback?OrderTrackingId=${payment.orderTrackingId}`),
      t.http.get(`/api/v1/payments/callback?OrderTrackingId=${payment.orderTrackingId}`),
    ]);
    await expectExactlyOnce(institution, 'payment.completed');
    await expectExactlyOnce(professional, 'payment.completed');
  });

  it('payment failed → institution; payment refunded → both sides', async () => {
    const failed = await acceptedJob(t);
    const attempt = await initiatePayment(t, failed.institution, failed.job.id);
    const callback = await payOnHostedPage(attempt.redirectUrl, 'fail');
    await t.http.get(`${callback.pathname}${callback.search}`);
    await expectExactlyOnce(failed.institution, 'payment.failed');

    const paid = await acceptedJob(t);
    const payment = await initiatePayment(t, paid.institution, paid.job.id);
    await payOnHostedPage(payment.redirectUrl, 'mtn');
    await eventually(async () => (await transactionRow(t, payment.transactionId)).status === 'completed');
    const refund = await t.http
      .post(`/api/v1/admin/payments/${payment.transactionId}/refund`)
      .set(...bearer(admin))
      .send({ remarks: 'Refund in full.' });
    expect(refund.status).toBe(202);
    await emulatorControl(t).processRefund(payment.orderTrackingId, true);
    await expectExactlyOnce(paid.institution, 'payment.refunded');
    await expectExactlyOnce(paid.professional, 'payment.refunded');
  });

  it('document approved and rejected → the professional', async () => {
    const professional = await professionalWithProfile(t, { profession: 'teacher' });
    const nin = (await uploadDocument(t, professional, 'nin')).body.id;
    const certificate = (await uploadDocument(t, professional, 'certificate')).body.id;
    await t.http.post(`/api/v1/admin/documents/${nin}/approve`).set(...bearer(admin));
    await t.http
      .post(`/api/v1/admin/documents/${certificate}/reject`)
      .set(...bearer(admin))
      .send({ reason: 'The scan is cut off; upload all pages.' });
    await expectExactlyOnce(professional, 'document.approved');
    await expectExactlyOnce(professional, 'document.rejected');
  });

  it('rating received → each side once both have rated', async () => {
    const { institution, professional, job } = await acceptedJob(t);
    await t.db.pool.query(`UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = $1`, [
      job.id,
    ]);
    await t.http
      .post(`/api/v1/jobs/${job.id}/ratings`)
      .set(...bearer(institution))
      .send({ stars: 5 });
    await t.http
      .post(`/api/v1/jobs/${job.id}/ratings`)
      .set(...bearer(professional))
      .send({ stars: 4 });
    await expectExactlyOnce(institution, 'rating.received');
    await expectExactlyOnce(professional, 'rating.received');
  });

  it('job starting within two hours unaccepted → institution, once however often the sweep runs', async () => {
    const institution = await institutionWithProfile(t);
    const job = await postJob(t, institution, { date: kampalaDate(3) });
    await t.db.pool.query(`UPDATE jobs SET starts_at = now() + interval '90 minutes' WHERE id = $1`, [
      job.id,
    ]);
    const worker = t.app.get(JobLifecycleWorker);
    await Promise.all([worker.sweep(), worker.sweep()]);
    await worker.sweep();
    await expectExactlyOnce(institution, 'job.expiring');
  });

  it('no email when the user turned email notifications off; in-app still arrives', async () => {
    const institution = await institutionWithProfile(t);
    const off = await t.http
      .patch('/api/v1/users/me')
      .set(...bearer(institution))
      .send({ emailNotifications: false });
    expect(off.body.emailNotifications).toBe(false);
    const job = await postJob(t, institution, { date: kampalaDate(4) });
    await t.db.pool.query(`UPDATE jobs SET starts_at = now() + interval '30 minutes' WHERE id = $1`, [
      job.id,
    ]);
    await t.app.get(JobLifecycleWorker).sweep();
    const { rows } = await t.db.pool.query(
      `SELECT 1 FROM notifications WHERE user_id = $1 AND type = 'job.expiring'`,
      [institution.id],
    );
    expect(rows).toHaveLength(1);
    await deliverDueMail(t);
    expect(smtp.mailsTo(institution.email).filter((m) => /starts in/.test(m.subject))).toEqual([]);
    const { rows: queued } = await t.db.pool.query(
      `SELECT subject FROM mail_outbox WHERE user_id = $1 AND subject ~ 'starts in'`,
      [institution.id],
    );
    expect(queued).toEqual([]);
  });

  describe('routes', () => {
    it('lists newest first with an unread filter and cursor; marks one and all read', async () => {
      const { institution } = await acceptedJob(t);
      const second = await acceptedJob(t, institution);
      expect(second).toBeDefined();
      const all = await t.http.get('/api/v1/notifications').set(...bearer(institution));
      expect(all.status).toBe(200);
      expect(all.body.items.map((n: { type: string }) => n.type)).toEqual(['job.accepted', 'job.accepted']);
      expect(all.body.items[0]).toEqual({
        id: expect.any(String),
        type: 'job.accepted',
        title: expect.any(String),
        body: expect.any(String),
        data: expect.objectContaining({ jobId: second.job.id }),
        readAt: null,
        createdAt: expect.any(String),
      });
      const page = await t.http.get('/api/v1/notifications?limit=1').set(...bearer(institution));
      const next = await t.http
        .get(`/api/v1/notifications?limit=1&cursor=${page.body.nextCursor}`)
        .set(...bearer(institution));
      expect([...page.body.items, ...next.body.items].map((n: { id: string }) => n.id)).toEqual(
        all.body.items.map((n: { id: string }) => n.id),
      );

      const first = all.body.items[1].id;
      expect(
        (await t.http.post(`/api/v1/notifications/${first}/read`).set(...bearer(institution))).status,
      ).toBe(204);
      const unread = await t.http.get('/api/v1/notifications?unread=true').set(...bearer(institution));
      expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual([all.body.items[0].id]);
      const read = await t.http.get('/api/v1/notifications?unread=false').set(...bearer(institution));
      expect(read.body.items.map((n: { id: string }) => n.id)).toEqual([first]);

      const stranger = await signedInUser(t, { role: 'professional' });
      expect((await t.http.post(`/api/v1/notifications/${first}/read`).set(...bearer(stranger))).status).toBe(
        404,
      );
      expect((await t.http.post('/api/v1/notifications/nope/read').set(...bearer(stranger))).status).toBe(
        400,
      );
      expect((await t.http.get('/api/v1/notifications?unread=maybe').set(...bearer(stranger))).status).toBe(
        400,
      );
      expect((await t.http.get('/api/v1/notifications')).status).toBe(401);

      expect((await t.http.post('/api/v1/notifications/read-all').set(...bearer(institution))).status).toBe(
        204,
      );
      const none = await t.http.get('/api/v1/notifications?unread=true').set(...bearer(institution));
      expect(none.body.items).toEqual([]);
    });
  });
});
