import { RatingRevealWorker } from '../src/modules/ratings/rating-reveal.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { kampalaDate, postJob } from './factories/jobs.js';
import { acceptedJob } from './factories/payments.js';
import { bulkVerifiedProfessionals, institutionWithProfile } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Ratings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A job both sides can rate: accepted, then (as Payments and completion would) paid and completed. */
  async function completedJob(completedDaysAgo = 0) {
    const accepted = await acceptedJob(t);
    await t.db.pool.query(
      `UPDATE jobs SET status = 'completed', completed_at = now() - make_interval(days => $2) WHERE id = $1`,
      [accepted.job.id, completedDaysAgo],
    );
    return accepted;
  }
  const rate = (user: SignedInUser, jobId: string, body: Record<string, unknown>) =>
    t.http
      .post(`/api/v1/jobs/${jobId}/ratings`)
      .set(...bearer(user))
      .send(body);
  const ratingsOf = (viewer: SignedInUser, role: 'professionals' | 'institutions', id: string) =>
    t.http.get(`/api/v1/${role}/${id}/ratings`).set(...bearer(viewer));
  const profile = async (id: string) =>
    (await t.db.pool.query(`SELECT rating_total, rating_count FROM professionals WHERE user_id = $1`, [id]))
      .rows[0];

  it('double-blind: hidden after one side rates, visible to all once both have; averages follow', async () => {
    const { institution, professional, job } = await completedJob();
    const first = await rate(institution, job.id, { stars: 4, comment: 'Well prepared lessons.' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(
      expect.objectContaining({ stars: 4, visibleAt: null, raterName: 'St. Mary’s Primary School, Kisubi' }),
    );
    const stranger = await institutionWithProfile(t);
    for (const viewer of [professional, stranger]) {
      expect((await ratingsOf(viewer, 'professionals', professional.id)).body.items).toEqual([]);
    }
    expect(await profile(professional.id)).toEqual({ rating_total: 0, rating_count: 0 });

    const second = await rate(professional, job.id, { stars: 5 });
    expect(second.status).toBe(201);
    expect(second.body.visibleAt).toEqual(expect.any(String));
    const ofProfessional = await ratingsOf(stranger, 'professionals', professional.id);
    expect(ofProfessional.body.items).toEqual([
      expect.objectContaining({ stars: 4, comment: 'Well prepared lessons.', jobId: job.id }),
    ]);
    const ofInstitution = await ratingsOf(professional, 'institutions', institution.id);
    expect(ofInstitution.body.items).toEqual([expect.objectContaining({ stars: 5, comment: null })]);
    expect(await profile(professional.id)).toEqual({ rating_total: 4, rating_count: 1 });
    const publicView = await t.http
      .get(`/api/v1/institutions/${institution.id}`)
      .set(...bearer(professional));
    expect(publicView.body).toEqual(expect.objectContaining({ ratingAverage: 5, ratingCount: 1 }));
    const notes = await t.db.pool.query(
      `SELECT user_id FROM notifications WHERE type = 'rating.received' AND data->>'jobId' = $1`,
      [job.id],
    );
    expect(notes.rows.map((r: { user_id: string }) => r.user_id).sort()).toEqual(
      [institution.id, professional.id].sort(),
    );
  });

  it('a lone rating becomes visible when the 14-day window closes', async () => {
    const { institution, professional, job } = await completedJob(13);
    expect((await rate(institution, job.id, { stars: 2 })).status).toBe(201);
    await t.app.get(RatingRevealWorker).revealDue();
    expect((await ratingsOf(institution, 'professionals', professional.id)).body.items).toEqual([]);
    await t.db.pool.query(
      `UPDATE ratings SET window_closes_at = now() - interval '1 second' WHERE job_id = $1`,
      [job.id],
    );
    expect(await t.app.get(RatingRevealWorker).revealDue()).toBeGreaterThanOrEqual(1);
    expect((await ratingsOf(institution, 'professionals', professional.id)).body.items).toEqual([
      expect.objectContaining({ stars: 2 }),
    ]);
    expect(await profile(professional.id)).toEqual({ rating_total: 2, rating_count: 1 });
    expect(await t.app.get(RatingRevealWorker).revealDue()).toBe(0);
    expect(await profile(professional.id)).toEqual({ rating_total: 2, rating_count: 1 });
  });

  it('refuses: before completion, a third party, a second rating, stars 0 or 6, a closed window', async () => {
    const accepted = await acceptedJob(t);
    const early = await rate(accepted.institution, accepted.job.id, { stars: 5 });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe(`${PROBLEM}rating-not-open`);

    const { institution, professional, job } = await completedJob();
    const [outsider] = await bulkVerifiedProfessionals(t, 1);
    expect((await rate(outsider, job.id, { stars: 5 })).status).toBe(404);
    const otherInstitution = await institutionWithProfile(t);
    expect((await rate(otherInstitution, job.id, { stars: 5 })).status).toBe(404);
    for (const stars of [0, 6, 4.5, '5']) {
      const res = await rate(institution, job.id, { stars });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('stars');
    }
    expect((await rate(institution, job.id, { stars: 5, comment: 'x'.repeat(1001) })).status).toBe(400);
    expect((await rate(institution, job.id, { stars: 3 })).status).toBe(201);
    const again = await rate(institution, job.id, { stars: 1 });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(`${PROBLEM}already-rated`);

    const old = await completedJob(15);
    const late = await rate(old.professional, old.job.id, { stars: 4 });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe(`${PROBLEM}rating-window-closed`);
    expect(professional.id).toBeDefined();
  });

  it('both sides rating at the same moment: both revealed once, averages counted once', async () => {
    const { institution, professional, job } = await completedJob();
    const [a, b] = await Promise.all([
      rate(institution, job.id, { stars: 5 }),
      rate(professional, job.id, { stars: 4 }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await profile(professional.id)).toEqual({ rating_total: 5, rating_count: 1 });
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM ratings WHERE job_id = $1 AND visible_at IS NOT NULL`,
      [job.id],
    );
    expect(rows[0].n).toBe(2);
  });

  it("a professional's rating moves them in the job's candidate ranking as the formula says", async () => {
    const institution = await institutionWithProfile(t);
    const date = kampalaDate(30);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const availability = [{ weekday, start: '06:00', end: '20:00' }];
    const [steady, rising] = await bulkVerifiedProfessionals(t, 2, { experienceYears: 5, availability });
    await t.db.pool.query(`UPDATE professionals SET rating_total = 12, rating_count = 3 WHERE user_id = $1`, [
      steady.id,
    ]);
    const job = await postJob(t, institution, { date, requiredSkills: [] });
    const order = async () =>
      (await t.http.get(`/api/v1/jobs/${job.id}/candidates`).set(...bearer(institution))).body.items
        .map((c: { id: string }) => c.id)
        .filter((id: string) => id === steady.id || id === rising.id);
    // steady: (17.5 + 12)/8 = 3.6875 stars; rising, unrated: the 3.5-star prior
    expect(await order()).toEqual([steady.id, rising.id]);

    // Three completed jobs rated 5 by their institutions and revealed: (17.5 + 15)/8 = 4.0625 stars.
    for (let i = 0; i < 3; i++) {
      const done = await acceptedJobFor(rising, 40 + i);
      await t.db.pool.query(`UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = $1`, [
        done.job.id,
      ]);
      await rate(done.institution, done.job.id, { stars: 5 });
      await rate(rising, done.job.id, { stars: 5 });
    }
    expect(await order()).toEqual([rising.id, steady.id]);
  });

  async function acceptedJobFor(professional: SignedInUser, daysAhead: number) {
    const institution = await institutionWithProfile(t);
    const job = await postJob(t, institution, { date: kampalaDate(daysAhead) });
    const res = await t.http.post(`/api/v1/jobs/${job.id}/accept`).set(...bearer(professional));
    expect(res.status).toBe(200);
    return { institution, job };
  }
});
