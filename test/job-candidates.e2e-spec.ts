import { DomainEvents } from '../src/common/events/domain-events.js';
import { TransactionRunner } from '../src/database/transaction-runner.js';
import { CANDIDATES } from '../src/modules/jobs/job-candidates.query.js';
import { JobCancellationService } from '../src/modules/jobs/job-cancellation.service.js';
import { weekdayOf } from '../src/modules/jobs/kampala-time.js';
import { matchScore, matchScoreSql } from '../src/modules/jobs/matching/match-score.js';
import { ReliabilityService } from '../src/modules/reliability/reliability.service.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { kampalaDate, postJob } from './factories/jobs.js';
import { paidJob } from './factories/payments.js';
import { bulkVerifiedProfessionals, institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface Candidate {
  id: string;
  score: number;
  reliability: { score: number };
}

/**
 * Candidates are read tier by tier (job-candidates.query.ts): the order must be exactly what matchScore,
 * the reliability score and the id give over every eligible professional, on every page.
 */
describe('Job candidates', () => {
  let t: TestApp;
  let institution: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp();
    institution = await institutionWithProfile(t);
  });
  afterAll(() => t.close());

  const candidates = (jobId: string, query = '') =>
    t.http.get(`/api/v1/jobs/${jobId}/candidates${query}`).set(...bearer(institution));

  async function allPages(jobId: string, limit: number): Promise<Candidate[]> {
    const items: Candidate[] = [];
    let cursor: string | null = null;
    do {
      const res = await candidates(jobId, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...(res.body.items as Candidate[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('ranks every tier exactly as matchScore, reliability and id order them, on every page', async () => {
    const required = ['elderly care', 'first aid'];
    const date = kampalaDate(21);
    const covering = [{ weekday: weekdayOf(date), start: '06:00', end: '20:00' }];
    const skillSets = [[], ['companionship'], ['elderly care'], ['first aid', 'childcare'], required];
    const profiles = [
      { experienceYears: 0, rating: { total: 0, count: 0 }, reliability: '1.0000' },
      { experienceYears: 3, rating: { total: 9, count: 2 }, reliability: '0.5000' },
      { experienceYears: 12, rating: { total: 44, count: 11 }, reliability: '0.7500' },
      { experienceYears: 6, rating: { total: 9, count: 2 }, reliability: '1.0000' },
    ];
    const eligible: { id: string; skills: string[]; profile: (typeof profiles)[number] }[] = [];
    for (const skills of skillSets) {
      for (const profile of profiles) {
        // Two of each: equal score and reliability, ordered by id.
        for (const user of await bulkVerifiedProfessionals(t, 2, {
          profession: 'caregiver',
          skills,
          experienceYears: profile.experienceYears,
          rating: profile.rating,
          availability: covering,
        })) {
          await t.db.pool.query(`UPDATE professionals SET reliability = $2 WHERE user_id = $1`, [
            user.id,
            profile.reliability,
          ]);
          eligible.push({ id: user.id, skills, profile });
        }
      }
    }
    // Would rank first, but are not candidates: no slot that day, suspended, busy, unverified.
    const best = { profession: 'caregiver' as const, skills: required, experienceYears: 20 };
    await bulkVerifiedProfessionals(t, 1, { ...best, availability: [] });
    const [suspended, busy, unverified] = await bulkVerifiedProfessionals(t, 3, {
      ...best,
      availability: covering,
    });
    await t.db.pool.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    await t.db.pool.query(`UPDATE professionals SET verified = false WHERE user_id = $1`, [unverified.id]);
    const clash = await postJob(t, institution, { role: 'caregiver', requiredSkills: [], date });
    expect((await t.http.post(`/api/v1/jobs/${clash.id}/accept`).set(...bearer(busy))).status).toBe(200);

    const job = await postJob(t, institution, { role: 'caregiver', requiredSkills: required, date });
    const expected = eligible
      .map((e) => ({
        id: e.id,
        score: matchScore({
          requiredSkills: required,
          skills: e.skills,
          experienceYears: e.profile.experienceYears,
          ratingTotal: e.profile.rating.total,
          ratingCount: e.profile.rating.count,
        }),
        reliability: Number(e.profile.reliability),
      }))
      .sort((a, b) => b.score - a.score || b.reliability - a.reliability || (a.id < b.id ? -1 : 1));
    const asListed = (items: Candidate[]) =>
      items.map((c) => ({ id: c.id, score: c.score, reliability: c.reliability.score }));

    // The score in SQL (over the generated ranking_base) is the TypeScript one.
    const { rows: inSql } = await t.db.pool.query<{ id: string; score: string }>(
      `SELECT p.user_id AS id, ${matchScoreSql('j', 'p')} AS score
         FROM jobs j JOIN professionals p ON p.user_id = ANY($2::uuid[]) WHERE j.id = $1`,
      [job.id, expected.map((e) => e.id)],
    );
    const tsScores = new Map(expected.map((e) => [e.id, e.score]));
    for (const row of inSql) expect(Number(row.score)).toBe(tsScores.get(row.id));
    expect(inSql).toHaveLength(expected.length);

    const single = await candidates(job.id, '?limit=100');
    expect(single.status).toBe(200);
    expect(asListed(single.body.items)).toEqual(expected);
    expect(single.body.nextCursor).toBeNull();
    // Pages of 3 cross tiers and split ties; each candidate comes exactly once, in the same order.
    expect(asListed(await allPages(job.id, 3))).toEqual(expected);
    expect(asListed(await allPages(job.id, 7))).toEqual(expected);
  });

  it('a no-show and a completion recorded through the jobs flow move a professional in the ranking', async () => {
    const admin = await signedInAdmin(t);
    const date = kampalaDate(45);
    const availability = [{ weekday: weekdayOf(date), start: '06:00', end: '20:00' }];
    const pair = await bulkVerifiedProfessionals(t, 2, { skills: ['triage'], availability });
    const job = await postJob(t, institution, { date, requiredSkills: ['triage'] });
    const order = async () =>
      ((await candidates(job.id)).body.items as Candidate[]).map((c) => [c.id, c.reliability.score]);
    // Equal scores and reliability: by id.
    const [first, second] = [...pair].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await order()).toEqual([
      [first.id, 1],
      [second.id, 1],
    ]);

    /** A paid shift booked by `professional`: paidJob books a fresh nurse, who withdraws in time. */
    const bookedBy = async (professional: SignedInUser) => {
      const booked = await paidJob(t, {}, institution);
      const withdraw = await t.http
        .post(`/api/v1/jobs/${booked.job.id}/cancel`)
        .set(...bearer(booked.professional))
        .send({ reason: 'Cannot make it.' });
      expect(withdraw.status).toBe(200);
      expect(
        (await t.http.post(`/api/v1/jobs/${booked.job.id}/accept`).set(...bearer(professional))).status,
      ).toBe(200);
      return booked.job.id;
    };
    const noShow = await bookedBy(first);
    // What the attendance module does when the institution reports a no-show.
    await t.app.get(TransactionRunner).run((em) =>
      t.app
        .get(JobCancellationService)
        .cancelIn(em, { userId: admin.id, role: 'admin', sessionId: 'attendance' }, noShow, 'No-show', {
          cause: 'no_show',
        }),
    );
    expect(await order()).toEqual([
      [second.id, 1],
      [first.id, 0],
    ]);

    const done = await bookedBy(first);
    expect((await t.http.post(`/api/v1/jobs/${done}/complete`).set(...bearer(institution))).status).toBe(200);
    expect(await order()).toEqual([
      [second.id, 1],
      [first.id, 0.5],
    ]);
    const profile = await t.http.get(`/api/v1/professionals/${first.id}`).set(...bearer(institution));
    expect(profile.body.reliability.score).toBe(0.5);
  });

  it('the stored reliability stays exact when two events for one professional commit concurrently', async () => {
    const admin = await signedInAdmin(t);
    const [nurse] = await bulkVerifiedProfessionals(t, 1);
    const [a, b] = [await postJob(t, institution), await postJob(t, institution)];
    const events = t.app.get(DomainEvents);
    const runner = t.app.get(TransactionRunner);
    const stored = async () =>
      (await t.db.pool.query(`SELECT reliability FROM professionals WHERE user_id = $1`, [nurse.id])).rows[0]
        .reliability;
    await runner.run((em) =>
      events.publish(em, { type: 'shift.no_show', jobId: a.id, professionalId: nurse.id, at: new Date() }),
    );
    expect(await stored()).toBe('0.0000');

    // T1 records a late withdrawal (B) and holds the profile row; T2 overturns the no-show (A) meanwhile.
    // Alone, T2 would compute 1.0 (nothing left that counts); with T1's event the score is 0 of 1.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let signalRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (signalRecorded = resolve));
    const first = runner.run(async (em) => {
      await events.publish(em, {
        type: 'job.withdrawn',
        jobId: b.id,
        professionalId: nurse.id,
        late: true,
        at: new Date(),
      });
      signalRecorded();
      await held;
    });
    await recorded;
    const second = runner.run((em) =>
      t.app.get(ReliabilityService).overturnNoShow(em, a.id, nurse.id, admin.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // T2 waits for the row
    release();
    await Promise.all([first, second]);
    expect(await stored()).toBe('0.0000');
    const profile = await t.http.get(`/api/v1/professionals/${nurse.id}`).set(...bearer(institution));
    expect(profile.body.reliability).toEqual(
      expect.objectContaining({ score: 0, lateWithdrawals: 1, noShows: 0 }),
    );
  });

  it('a cursor that is not one of ours is a 400 problem', async () => {
    const job = await postJob(t, institution, { date: kampalaDate(50) });
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      'abc',
      forged(['0.5', '1.0000']),
      forged(['0.5; drop', '1.0000', '00000000-0000-4000-8000-000000000000']),
      forged(['0.5', '-1', '00000000-0000-4000-8000-000000000000']),
      forged(['0.5', '1.0000', 'me']),
    ]) {
      const res = await candidates(job.id, `?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('walks professionals_candidates_idx in order, also in the cached generic plan', async () => {
    // 6,000 teachers, 80 % verified, 60 % free on the job's weekday; a quarter hold both required skills.
    await t.db.pool.query(
      `WITH made AS (
         INSERT INTO users (name, email, phone, password_hash, role, consent_version, consented_at)
         SELECT 'Teacher ' || n, 'plan-teacher-' || n || '@test.qgig.ug', '+25678' || lpad(n::text, 7, '0'),
                'x', 'professional', 'test', now()
           FROM generate_series(1, 6000) n RETURNING id, email::text AS tag
       ), profiles AS (
         INSERT INTO professionals (user_id, profession, skills, experience_years, district, verified, rating_total, rating_count)
         SELECT id, 'teacher',
                CASE abs(hashtext(tag)) % 4 WHEN 0 THEN '{physics}'::text[] WHEN 1 THEN '{physics,chemistry}'
                     WHEN 2 THEN '{music}' ELSE '{chemistry}' END,
                abs(hashtext(tag || 'e')) % 25, 'Kampala', abs(hashtext(tag || 'v')) % 10 < 8,
                4 * (abs(hashtext(tag || 'r')) % 20), abs(hashtext(tag || 'r')) % 20
           FROM made RETURNING user_id
       )
       INSERT INTO availability_slots (professional_id, weekday, start_time, end_time)
       SELECT user_id, d, '07:00', '19:00' FROM profiles, generate_series(0, 6) d
        WHERE abs(hashtext(user_id::text || d)) % 10 < 6`,
    );
    await t.db.pool.query('VACUUM ANALYZE professionals');
    const date = kampalaDate(60);
    const job = await postJob(t, institution, {
      role: 'teacher',
      requiredSkills: ['physics', 'chemistry'],
      date,
    });
    const values = [job.id, institution.id, null, null, null, 21, new Date()];
    const client = await t.db.pool.connect();
    try {
      for (let i = 0; i < 8; i++)
        await client.query({ name: 'candidates-plan', text: CANDIDATES.text, values });
      const { rows } = await client.query(
        `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'candidates-plan'`,
      );
      expect(Number(rows[0].generic_plans)).toBeGreaterThan(0); // planned once, not per request

      await client.query(`SET plan_cache_mode = force_generic_plan`);
      await client.query(`PREPARE generic_candidates AS ${CANDIDATES.text}`);
      const explained = await client.query(
        `EXPLAIN EXECUTE generic_candidates('${job.id}', '${institution.id}', NULL, NULL, NULL, 21, now())`,
      );
      const plan = explained.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Only Scan using professionals_candidates_idx/);
      expect(plan).not.toMatch(/Seq Scan on professionals|Sort Key: p\w*\.ranking_base/);
    } finally {
      client.release(true); // with its prepared statements and settings
    }
    const first = await candidates(job.id, '?limit=20');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(20);
  });
});
