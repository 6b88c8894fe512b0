import { JobLifecycleWorker } from '../src/modules/jobs/job-lifecycle.worker.js';
import { bearer, signedInUser, type SignedInUser } from './factories/accounts.js';
import { jobBody, kampalaDate, moveJobToPast, postJob } from './factories/jobs.js';
import {
  bulkVerifiedProfessionals,
  institutionProfileBody,
  institutionWithProfile,
  professionalWithProfile,
  signedInAdmin,
} from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Jobs', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
  });
  afterAll(() => t.close());

  const jobCount = async (institutionId: string) =>
    (await t.db.pool.query(`SELECT count(*)::int AS n FROM jobs WHERE institution_id = $1`, [institutionId]))
      .rows[0].n as number;
  const accept = (user: SignedInUser, id: string) =>
    t.http.post(`/api/v1/jobs/${id}/accept`).set(...bearer(user));
  const cancel = (user: SignedInUser, id: string, reason: unknown = 'Plans changed for the day.') =>
    t.http
      .post(`/api/v1/jobs/${id}/cancel`)
      .set(...bearer(user))
      .send({ reason });
  const setStatus = (id: string, status: string) =>
    t.db.pool.query(`UPDATE jobs SET status = $2 WHERE id = $1`, [id, status]);

  describe('posting', () => {
    it('creates an open job with the amount, defaults district and address from the profile', async () => {
      const institution = await institutionWithProfile(t);
      const date = kampalaDate(5);
      const res = await t.http
        .post('/api/v1/jobs')
        .set(...bearer(institution))
        .send(jobBody({ date, requiredSkills: ['Paediatric Nursing', 'IV cannulation'] }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          role: 'nurse',
          status: 'open',
          date,
          startTime: '08:00',
          endTime: '17:00',
          startsAt: new Date(`${date}T05:00:00Z`).toISOString(),
          endsAt: new Date(`${date}T14:00:00Z`).toISOString(),
          rate: 15000,
          rateType: 'hourly',
          amount: 135000,
          currency: 'UGX',
          district: 'Wakiso',
          address: 'Plot 12, Entebbe Road, Kisubi',
          requiredSkills: ['paediatric nursing', 'iv cannulation'],
          assignee: null,
          institution: { id: institution.id, name: 'St. Mary’s Primary School, Kisubi', type: 'school' },
        }),
      );
    });

    it.each([
      ['a past date', { date: kampalaDate(-1) }, 'date'],
      ['an end before the start', { startTime: '17:00', endTime: '08:00' }, 'endTime'],
      ['an end equal to the start', { startTime: '09:00', endTime: '09:00' }, 'endTime'],
      ['a zero rate', { rate: 0 }, 'rate'],
      ['a negative rate', { rate: -100 }, 'rate'],
      ['an absurd rate', { rate: 50_000_000 }, 'rate'],
      ['an unknown role', { role: 'pilot' }, 'role'],
      ['an unknown rate type', { rateType: 'weekly' }, 'rateType'],
      ['an unknown district', { district: 'Gotham' }, 'district'],
      ['an impossible date', { date: '2027-02-30' }, 'date'],
      ['a blank title', { title: '   ' }, 'title'],
      ['an unknown field', { status: 'paid' }, 'status'],
    ])('refuses %s with a 400 naming the field and creates nothing', async (_case, change, field) => {
      const institution = await institutionWithProfile(t);
      const res = await t.http
        .post('/api/v1/jobs')
        .set(...bearer(institution))
        .send(jobBody(change));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await jobCount(institution.id)).toBe(0);
    });

    it('needs a verified email and a profile, and the institution role', async () => {
      const unverified = await signedInUser(t, { role: 'institution' });
      await t.http
        .put('/api/v1/institution/profile')
        .set(...bearer(unverified))
        .send(institutionProfileBody());
      const noEmail = await t.http
        .post('/api/v1/jobs')
        .set(...bearer(unverified))
        .send(jobBody());
      expect(noEmail.status).toBe(403);
      expect(noEmail.body.type).toBe(`${PROBLEM}email-not-verified`);

      const noProfile = await signedInUser(t, { role: 'institution', verified: true });
      const res = await t.http
        .post('/api/v1/jobs')
        .set(...bearer(noProfile))
        .send(jobBody());
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(`${PROBLEM}profile-required`);

      const professional = await professionalWithProfile(t);
      expect(
        (
          await t.http
            .post('/api/v1/jobs')
            .set(...bearer(professional))
            .send(jobBody())
        ).status,
      ).toBe(403);
      expect((await t.http.post('/api/v1/jobs').send(jobBody())).status).toBe(401);
    });
  });

  describe('reading, editing, deleting', () => {
    it('GET /jobs/:id: owner, any professional while open (no address), admin; others 404', async () => {
      const owner = await institutionWithProfile(t);
      const other = await institutionWithProfile(t);
      const professional = await professionalWithProfile(t);
      const job = await postJob(t, owner);
      const asOwner = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(owner));
      expect(asOwner.status).toBe(200);
      expect(asOwner.body.address).toBe('Plot 12, Entebbe Road, Kisubi');
      const asProfessional = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(professional));
      expect(asProfessional.status).toBe(200);
      expect(asProfessional.body.address).toBeNull();
      expect(asProfessional.body.contact).toBeNull();
      expect((await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(admin))).status).toBe(200);
      expect((await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(other))).status).toBe(404);
      expect(
        (await t.http.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').set(...bearer(owner))).status,
      ).toBe(404);
      expect((await t.http.get('/api/v1/jobs/12').set(...bearer(owner))).status).toBe(400);
    });

    it('PATCH edits an open job and re-derives its times; refuses bad input and non-open jobs', async () => {
      const owner = await institutionWithProfile(t);
      const job = await postJob(t, owner);
      const date = kampalaDate(9);
      const res = await t.http
        .patch(`/api/v1/jobs/${job.id}`)
        .set(...bearer(owner))
        .send({ title: 'Day ward cover', date, startTime: '09:00', endTime: '12:00', rateType: 'fixed' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          title: 'Day ward cover',
          date,
          startsAt: new Date(`${date}T06:00:00Z`).toISOString(),
          amount: 15000,
        }),
      );
      const bad = await t.http
        .patch(`/api/v1/jobs/${job.id}`)
        .set(...bearer(owner))
        .send({ endTime: '08:00' });
      expect(bad.status).toBe(400);
      expect((await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(owner))).body).toEqual(res.body);

      expect((await cancel(owner, job.id)).status).toBe(200);
      const closed = await t.http
        .patch(`/api/v1/jobs/${job.id}`)
        .set(...bearer(owner))
        .send({ title: 'Too late' });
      expect(closed.status).toBe(409);
      expect(closed.body.type).toBe(`${PROBLEM}job-not-open`);
    });

    it('DELETE removes an open job; 409 once accepted', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const job = await postJob(t, owner);
      const taken = await postJob(t, owner, { date: kampalaDate(8) });
      expect((await accept(nurse, taken.id)).status).toBe(200);
      expect((await t.http.delete(`/api/v1/jobs/${job.id}`).set(...bearer(owner))).status).toBe(204);
      expect((await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(owner))).status).toBe(404);
      expect((await t.http.delete(`/api/v1/jobs/${taken.id}`).set(...bearer(owner))).status).toBe(409);
    });

    it("IDOR: institution B cannot edit, delete, cancel, complete or see candidates of A's job", async () => {
      const a = await institutionWithProfile(t);
      const b = await institutionWithProfile(t);
      const job = await postJob(t, a);
      const attempts = [
        t.http
          .patch(`/api/v1/jobs/${job.id}`)
          .set(...bearer(b))
          .send({ title: 'Mine now' }),
        t.http.delete(`/api/v1/jobs/${job.id}`).set(...bearer(b)),
        cancel(b, job.id),
        t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(b)),
        t.http.get(`/api/v1/jobs/${job.id}/candidates`).set(...bearer(b)),
        t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(b)),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      const after = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(a));
      expect(after.body).toEqual(expect.objectContaining({ title: job.title, status: 'open' }));
    });

    it('lists own jobs: institution (newest first, status filter) and professional', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const first = await postJob(t, owner, { date: kampalaDate(3) });
      const second = await postJob(t, owner, { date: kampalaDate(4) });
      await accept(nurse, first.id);
      const all = await t.http.get('/api/v1/institution/jobs').set(...bearer(owner));
      expect(all.body.items.map((j: { id: string }) => j.id)).toEqual([second.id, first.id]);
      expect(all.body.items[1].assignee).toEqual(expect.objectContaining({ id: nurse.id }));
      const accepted = await t.http.get('/api/v1/institution/jobs?status=accepted').set(...bearer(owner));
      expect(accepted.body.items.map((j: { id: string }) => j.id)).toEqual([first.id]);
      const paged = await t.http.get('/api/v1/institution/jobs?limit=1').set(...bearer(owner));
      const next = await t.http
        .get(`/api/v1/institution/jobs?limit=1&cursor=${paged.body.nextCursor}`)
        .set(...bearer(owner));
      expect([...paged.body.items, ...next.body.items].map((j: { id: string }) => j.id)).toEqual([
        second.id,
        first.id,
      ]);
      const mine = await t.http.get('/api/v1/professional/jobs').set(...bearer(nurse));
      expect(mine.body.items.map((j: { id: string }) => j.id)).toEqual([first.id]);
      expect((await t.http.get('/api/v1/institution/jobs?status=lost').set(...bearer(owner))).status).toBe(
        400,
      );
      expect((await t.http.get('/api/v1/professional/jobs').set(...bearer(owner))).status).toBe(403);
    });
  });

  describe('accepting', () => {
    it('a verified professional accepts; the institution is notified; both see each other’s contact', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const job = await postJob(t, owner);
      const res = await accept(nurse, job.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          status: 'accepted',
          assignee: expect.objectContaining({ id: nurse.id, name: nurse.name }),
          address: 'Plot 12, Entebbe Road, Kisubi',
          contact: { name: 'Sarah Namukasa', phone: '+256772123456', email: 'office@stmarys-kisubi.ug' },
        }),
      );
      const asOwner = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(owner));
      expect(asOwner.body.contact).toEqual({ name: nurse.name, phone: nurse.phone, email: nurse.email });
      const { rows } = await t.db.pool.query(`SELECT type, data FROM notifications WHERE user_id = $1`, [
        owner.id,
      ]);
      expect(rows).toEqual([{ type: 'job.accepted', data: { jobId: job.id, professionalId: nurse.id } }]);
      const [other] = await bulkVerifiedProfessionals(t, 1);
      expect((await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(other))).status).toBe(404);
    });

    it('refuses: unverified professional, unverified email, other profession, institution role', async () => {
      const owner = await institutionWithProfile(t);
      const job = await postJob(t, owner);
      const unverified = await professionalWithProfile(t);
      const res = await accept(unverified, job.id);
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(`${PROBLEM}not-verified`);

      const [noEmail] = await bulkVerifiedProfessionals(t, 1);
      await t.db.pool.query(`UPDATE users SET email_verified_at = NULL WHERE id = $1`, [noEmail.id]);
      expect((await accept(noEmail, job.id)).body.type).toBe(`${PROBLEM}email-not-verified`);

      const [teacher] = await bulkVerifiedProfessionals(t, 1, { profession: 'teacher' });
      expect((await accept(teacher, job.id)).body.type).toBe(`${PROBLEM}wrong-profession`);
      expect((await accept(owner, job.id)).status).toBe(403);
      expect((await t.db.pool.query(`SELECT status FROM jobs WHERE id = $1`, [job.id])).rows[0].status).toBe(
        'open',
      );
    });

    it('refuses a second accept (job-taken), a started job, and an overlapping job (schedule-conflict)', async () => {
      const owner = await institutionWithProfile(t);
      const [first, second] = await bulkVerifiedProfessionals(t, 2);
      const date = kampalaDate(6);
      const job = await postJob(t, owner, { date, startTime: '08:00', endTime: '12:00' });
      const overlapping = await postJob(t, owner, { date, startTime: '11:00', endTime: '15:00' });
      const later = await postJob(t, owner, { date, startTime: '12:00', endTime: '15:00' });
      expect((await accept(first, job.id)).status).toBe(200);
      const taken = await accept(second, job.id);
      expect(taken.status).toBe(409);
      expect(taken.body.type).toBe(`${PROBLEM}job-taken`);
      const clash = await accept(first, overlapping.id);
      expect(clash.status).toBe(409);
      expect(clash.body.type).toBe(`${PROBLEM}schedule-conflict`);
      expect((await accept(first, later.id)).status).toBe(200);

      const started = await postJob(t, owner, { date: kampalaDate(10) });
      await moveJobToPast(t, started.id);
      expect((await accept(second, started.id)).body.type).toBe(`${PROBLEM}job-started`);
    });

    it('50 verified professionals accepting at once: one 200, 49 × 409, one assignee, one notification', async () => {
      const owner = await institutionWithProfile(t);
      const job = await postJob(t, owner);
      const crowd = await bulkVerifiedProfessionals(t, 50);
      const results = await Promise.all(crowd.map((user) => accept(user, job.id)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.type === `${PROBLEM}job-taken`),
      ).toBe(true);
      const winner = crowd[statuses.indexOf(200)];
      const assignees = await t.db.pool.query(`SELECT professional_id FROM job_assignees WHERE job_id = $1`, [
        job.id,
      ]);
      expect(assignees.rows).toEqual([{ professional_id: winner.id }]);
      const notes = await t.db.pool.query(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND type = 'job.accepted'`,
        [owner.id],
      );
      expect(notes.rows[0].n).toBe(1);
    });

    it('one professional accepting two overlapping jobs at once wins at most one', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const date = kampalaDate(12);
      const jobs = await Promise.all(
        ['08:00', '09:00', '10:00'].map((startTime) =>
          postJob(t, owner, { date, startTime, endTime: '13:00' }),
        ),
      );
      const results = await Promise.all(jobs.map((job) => accept(nurse, job.id)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    });
  });

  describe('cancelling and completing', () => {
    it('the institution cancels an open job (reason required) and an accepted one (assignee notified)', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const open = await postJob(t, owner);
      expect((await cancel(owner, open.id, '')).status).toBe(400);
      expect(
        (
          await t.http
            .post(`/api/v1/jobs/${open.id}/cancel`)
            .set(...bearer(owner))
            .send({})
        ).status,
      ).toBe(400);
      const res = await cancel(owner, open.id, 'Teacher came back early.');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ status: 'cancelled', cancelReason: 'Teacher came back early.' }),
      );
      const again = await cancel(owner, open.id);
      expect(again.status).toBe(409);
      expect(again.body.type).toBe(`${PROBLEM}invalid-job-transition`);

      const accepted = await postJob(t, owner, { date: kampalaDate(11) });
      await accept(nurse, accepted.id);
      expect((await cancel(owner, accepted.id, 'Ward closed for cleaning.')).body.status).toBe('cancelled');
      const { rows } = await t.db.pool.query(`SELECT type, body FROM notifications WHERE user_id = $1`, [
        nurse.id,
      ]);
      expect(rows).toEqual([{ type: 'job.cancelled', body: 'Reason: Ward closed for cleaning.' }]);
    });

    it('the assigned professional withdraws: the job reopens for others; strangers get 404', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse, other] = await bulkVerifiedProfessionals(t, 2);
      const job = await postJob(t, owner);
      expect((await cancel(other, job.id)).status).toBe(404);
      await accept(nurse, job.id);
      const res = await cancel(nurse, job.id, 'I am unwell.');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ status: 'open', assignee: null }));
      expect((await cancel(nurse, job.id)).status).toBe(404); // no longer the caller's job
      const after = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(owner));
      expect(after.body).toEqual(
        expect.objectContaining({ status: 'open', assignee: null, cancelReason: null }),
      );
      expect((await accept(other, job.id)).status).toBe(200);
      const notes = await t.db.pool.query(
        `SELECT type, body FROM notifications WHERE user_id = $1 ORDER BY created_at`,
        [owner.id],
      );
      expect(notes.rows.map((r: { type: string }) => r.type)).toEqual([
        'job.accepted',
        'job.cancelled',
        'job.accepted',
      ]);
    });

    it('complete: only a paid job, only by its institution', async () => {
      const owner = await institutionWithProfile(t);
      const other = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const job = await postJob(t, owner);
      await accept(nurse, job.id);
      const early = await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(owner));
      expect(early.status).toBe(409);
      await setStatus(job.id, 'paid'); // what a completed PesaPal payment does (Payments issue)
      expect((await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(other))).status).toBe(404);
      expect((await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(nurse))).status).toBe(403);
      const done = await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(owner));
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('completed');
      expect((await cancel(owner, job.id)).status).toBe(409);
      expect((await cancel(nurse, job.id)).status).toBe(409);
    });

    it('an admin cancels any open or accepted job; the institution is notified', async () => {
      const owner = await institutionWithProfile(t);
      const job = await postJob(t, owner);
      const res = await cancel(admin, job.id, 'Duplicate posting.');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      const { rows } = await t.db.pool.query(`SELECT type FROM notifications WHERE user_id = $1`, [owner.id]);
      expect(rows).toEqual([{ type: 'job.cancelled' }]);
    });

    it('account deletion is refused while a job is accepted', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const job = await postJob(t, owner);
      await accept(nurse, job.id);
      for (const user of [owner, nurse]) {
        const res = await t.http
          .delete('/api/v1/users/me')
          .set(...bearer(user))
          .send({ password: user.password });
        expect(res.status).toBe(409);
        expect(res.body.type).toBe(`${PROBLEM}jobs-in-progress`);
      }
    });
  });

  describe('scheduled work', () => {
    it('expires open jobs whose start passed and auto-completes paid jobs 48 h after their end', async () => {
      const owner = await institutionWithProfile(t);
      const [nurse] = await bulkVerifiedProfessionals(t, 1);
      const stale = await postJob(t, owner);
      const fresh = await postJob(t, owner, { date: kampalaDate(2) });
      const paidRecent = await postJob(t, owner, { date: kampalaDate(3) });
      const paidOld = await postJob(t, owner, { date: kampalaDate(4) });
      for (const job of [paidRecent, paidOld]) {
        await accept(nurse, job.id);
        await setStatus(job.id, 'paid');
      }
      await moveJobToPast(t, stale.id);
      await moveJobToPast(t, paidRecent.id, 40);
      await moveJobToPast(t, paidOld.id, 60);

      await t.app.get(JobLifecycleWorker).sweep();
      const status = async (id: string) =>
        (await t.db.pool.query(`SELECT status FROM jobs WHERE id = $1`, [id])).rows[0].status;
      expect(await status(stale.id)).toBe('expired');
      expect(await status(fresh.id)).toBe('open');
      expect(await status(paidRecent.id)).toBe('paid');
      expect(await status(paidOld.id)).toBe('completed');
      const notes = await t.db.pool.query(
        `SELECT data FROM notifications WHERE user_id = $1 AND type = 'job.expired'`,
        [owner.id],
      );
      expect(notes.rows).toEqual([{ data: { jobId: stale.id } }]);
    });

    it('two app instances sweeping at once process each job exactly once', async () => {
      const second = await startTestApp({ database: t.db });
      try {
        const owner = await institutionWithProfile(t);
        const jobs = await Promise.all(
          Array.from({ length: 30 }, (_, i) => postJob(t, owner, { date: kampalaDate(20 + (i % 5)) })),
        );
        await t.db.pool.query(
          `UPDATE jobs SET starts_at = now() - interval '1 hour', ends_at = now() WHERE id = ANY($1::uuid[])`,
          [jobs.map((j) => j.id)],
        );
        const [a, b] = await Promise.all([
          t.app.get(JobLifecycleWorker).sweep(),
          second.app.get(JobLifecycleWorker).sweep(),
        ]);
        expect(a.expired + b.expired).toBe(30);
        const notes = await t.db.pool.query(
          `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND type = 'job.expired'`,
          [owner.id],
        );
        expect(notes.rows[0].n).toBe(30);
      } finally {
        await second.close();
      }
    });
  });
});
