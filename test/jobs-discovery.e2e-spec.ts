import { discoverySteps, type DiscoveryParams } from '../src/modules/jobs/job-discovery.query.js';
import { matchScore } from '../src/modules/jobs/matching/match-score.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { kampalaDate, moveJobToPast, postJob } from './factories/jobs.js';
import {
  bulkVerifiedProfessionals,
  institutionWithProfile,
  professionalWithProfile,
} from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface RankedItem {
  id: string;
  role: string;
  score: number;
  startsAt: string;
  status: string;
}

describe('Job discovery and candidates', () => {
  let t: TestApp;
  let institution: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp();
    institution = await institutionWithProfile(t);
  });
  afterAll(() => t.close());

  const discover = (user: SignedInUser, query: string) =>
    t.http.get(`/api/v1/jobs?${query}`).set(...bearer(user));

  async function allPages(user: SignedInUser, query: string): Promise<RankedItem[]> {
    const items: RankedItem[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: RankedItem[]; nextCursor: string | null } } =
        await discover(user, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('ranks by the DESIGN.md score on a hand-computed fixture, ties by start time', async () => {
    // skills {wound care, triage}, 6 years, two ratings totalling 9 stars:
    // experience term 0.6, rating term ((3.5·5 + 9)/(5 + 2) − 1)/4 = 0.696429
    const [nurse] = await bulkVerifiedProfessionals(t, 1, {
      skills: ['wound care', 'triage'],
      experienceYears: 6,
      rating: { total: 9, count: 2 },
    });
    const post = (requiredSkills: string[], days: number) =>
      postJob(t, institution, { district: 'Kotido', requiredSkills, date: kampalaDate(days) });
    const noSkills = await post([], 9);
    const oneHeld = await post(['wound care'], 8); // ties with noSkills at 1.0, starts earlier
    const twoOfThree = await post(['wound care', 'triage', 'iv cannulation'], 7);
    const none = await post(['phlebotomy'], 6);
    const half = await post(['triage', 'phlebotomy'], 5);

    const res = await discover(nurse, 'district=Kotido');
    expect(res.status).toBe(200);
    expect(res.body.items.map((j: RankedItem) => [j.id, j.score])).toEqual([
      [oneHeld.id, 0.819286], // 0.5·1 + 0.3·0.6 + 0.2·0.696429
      [noSkills.id, 0.819286],
      [twoOfThree.id, 0.652619], // 0.5·2/3 + …
      [half.id, 0.569286], // 0.5·1/2 + …
      [none.id, 0.319286], // 0.5·0 + …
    ]);
    for (const [item, required] of [
      [res.body.items[2], ['wound care', 'triage', 'iv cannulation']],
      [res.body.items[4], ['phlebotomy']],
    ] as const) {
      const expected = matchScore({
        requiredSkills: required,
        skills: ['wound care', 'triage'],
        experienceYears: 6,
        ratingTotal: 9,
        ratingCount: 2,
      });
      expect(item.score).toBe(expected);
    }
  });

  it('shows only open, future jobs of the caller’s profession', async () => {
    const [nurse] = await bulkVerifiedProfessionals(t, 1);
    const [other] = await bulkVerifiedProfessionals(t, 1);
    const inMoroto = (overrides: Record<string, unknown> = {}) =>
      postJob(t, institution, { district: 'Moroto', ...overrides });
    const visible = await inMoroto();
    await inMoroto({ role: 'teacher', requiredSkills: [] });
    const past = await inMoroto({ date: kampalaDate(2) });
    await moveJobToPast(t, past.id);
    const accepted = await inMoroto({ date: kampalaDate(3) });
    expect((await t.http.post(`/api/v1/jobs/${accepted.id}/accept`).set(...bearer(other))).status).toBe(200);
    const cancelled = await inMoroto({ date: kampalaDate(4) });
    await t.http
      .post(`/api/v1/jobs/${cancelled.id}/cancel`)
      .set(...bearer(institution))
      .send({ reason: 'No longer needed.' });
    const expired = await inMoroto({ date: kampalaDate(5) });
    await t.db.pool.query(`UPDATE jobs SET status = 'expired' WHERE id = $1`, [expired.id]);

    const items = await allPages(nurse, 'district=Moroto');
    expect(items.map((j) => j.id)).toEqual([visible.id]);
    expect(items.every((j) => j.role === 'nurse' && j.status === 'open')).toBe(true);

    const [teacher] = await bulkVerifiedProfessionals(t, 1, { profession: 'teacher' });
    const teacherItems = await allPages(teacher, 'district=Moroto');
    expect(teacherItems.map((j) => j.role)).toEqual(['teacher']);
  });

  it('pagination returns every matching job exactly once, in ranking order', async () => {
    const [nurse] = await bulkVerifiedProfessionals(t, 1, { skills: ['triage'] });
    const skillSets = [
      [],
      ['triage'],
      ['phlebotomy'],
      ['triage', 'phlebotomy'],
      [],
      ['triage'],
      ['midwifery'],
    ];
    const posted = [];
    for (const [i, requiredSkills] of skillSets.entries()) {
      posted.push(
        await postJob(t, institution, { district: 'Gulu', requiredSkills, date: kampalaDate(3 + (i % 3)) }),
      );
    }
    const paged = await allPages(nurse, 'district=Gulu');
    const single = (await discover(nurse, 'district=Gulu&limit=100')).body.items as RankedItem[];
    expect(paged.map((j) => j.id)).toEqual(single.map((j) => j.id));
    expect(new Set(paged.map((j) => j.id)).size).toBe(posted.length);
    expect(paged.map((j) => j.id).sort()).toEqual(posted.map((j) => j.id).sort());
    for (let i = 1; i < paged.length; i++) {
      const [prev, cur] = [paged[i - 1], paged[i]];
      expect(prev.score > cur.score || (prev.score === cur.score && prev.startsAt <= cur.startsAt)).toBe(
        true,
      );
    }
  });

  it('filters by district (any case), date range and minimum rate', async () => {
    const [nurse] = await bulkVerifiedProfessionals(t, 1);
    const cheap = await postJob(t, institution, { district: 'Arua', rate: 5000, date: kampalaDate(3) });
    const dear = await postJob(t, institution, { district: 'Arua', rate: 30000, date: kampalaDate(6) });
    const ids = async (query: string) => (await allPages(nurse, query)).map((j) => j.id);
    expect((await ids('district=arua')).sort()).toEqual([cheap.id, dear.id].sort());
    expect(await ids('district=Arua&minRate=20000')).toEqual([dear.id]);
    expect(await ids(`district=Arua&from=${kampalaDate(4)}`)).toEqual([dear.id]);
    expect(await ids(`district=Arua&to=${kampalaDate(4)}`)).toEqual([cheap.id]);
    expect(await ids('district=Atlantis')).toEqual([]);
    // A forged cursor of the right arity must not reach the SQL casts (it used to be a 500).
    const forged = Buffer.from(JSON.stringify(['1; drop', 'soon', 'me'])).toString('base64url');
    for (const bad of [
      'from=tomorrow',
      'minRate=-1',
      'limit=0',
      'cursor=abc',
      `cursor=${forged}`,
      'sort=rate',
    ]) {
      const res = await discover(nurse, bad);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('needs a professional profile; institutions get 403', async () => {
    const noProfile = await professionalWithProfile(t).then(async (user) => {
      await t.db.pool.query(`DELETE FROM professionals WHERE user_id = $1`, [user.id]);
      return user;
    });
    const res = await discover(noProfile, '');
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('https://qgig.ug/problems/profile-required');
    expect((await discover(institution, '')).status).toBe(403);
  });

  describe('candidates', () => {
    it('ranks verified professionals free for the shift; excludes unavailable, unverified, busy and other roles', async () => {
      const date = kampalaDate(14);
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      const covering = [{ weekday, start: '07:00', end: '18:00' }];
      const job = await postJob(t, institution, {
        date,
        startTime: '08:00',
        endTime: '17:00',
        requiredSkills: ['wound care', 'triage'],
      });
      const [allSkills] = await bulkVerifiedProfessionals(t, 1, {
        skills: ['wound care', 'triage'],
        experienceYears: 2,
        availability: covering,
      });
      const [seasoned] = await bulkVerifiedProfessionals(t, 1, {
        skills: ['triage'],
        experienceYears: 12,
        rating: { total: 40, count: 8 },
        availability: covering,
      });
      const [novice] = await bulkVerifiedProfessionals(t, 1, { availability: covering, experienceYears: 0 });
      const [wrongDay] = await bulkVerifiedProfessionals(t, 1, {
        skills: ['wound care', 'triage'],
        availability: [{ weekday: (weekday + 1) % 7, start: '07:00', end: '18:00' }],
      });
      const [tooShort] = await bulkVerifiedProfessionals(t, 1, {
        availability: [{ weekday, start: '09:00', end: '18:00' }],
      });
      const [unverified] = await bulkVerifiedProfessionals(t, 1, { availability: covering });
      await t.db.pool.query(`UPDATE professionals SET verified = false WHERE user_id = $1`, [unverified.id]);
      const [teacher] = await bulkVerifiedProfessionals(t, 1, {
        profession: 'teacher',
        availability: covering,
      });
      const [busy] = await bulkVerifiedProfessionals(t, 1, { availability: covering });
      const clash = await postJob(t, institution, { date, startTime: '12:00', endTime: '14:00' });
      expect((await t.http.post(`/api/v1/jobs/${clash.id}/accept`).set(...bearer(busy))).status).toBe(200);

      const res = await t.http.get(`/api/v1/jobs/${job.id}/candidates`).set(...bearer(institution));
      expect(res.status).toBe(200);
      const ids = res.body.items.map((c: { id: string }) => c.id);
      const score = (skills: string[], years: number, total: number, count: number) =>
        matchScore({
          requiredSkills: ['wound care', 'triage'],
          skills,
          experienceYears: years,
          ratingTotal: total,
          ratingCount: count,
        });
      expect(res.body.items.map((c: { id: string; score: number }) => [c.id, c.score])).toEqual([
        // 0.5·1/2 + 0.3·1 + 0.2·((17.5 + 40)/13 − 1)/4 = 0.721154 beats 0.5·1 + 0.3·0.2 + 0.2·0.625 = 0.685
        [seasoned.id, score(['triage'], 12, 40, 8)],
        [allSkills.id, score(['wound care', 'triage'], 2, 0, 0)],
        [novice.id, score([], 0, 0, 0)],
      ]);
      for (const excluded of [wrongDay, tooShort, unverified, teacher, busy])
        expect(ids).not.toContain(excluded.id);
      expect(res.body.items[0]).not.toHaveProperty('phone');
      expect(res.body.items[0]).not.toHaveProperty('email');

      const page = await t.http.get(`/api/v1/jobs/${job.id}/candidates?limit=2`).set(...bearer(institution));
      const rest = await t.http
        .get(`/api/v1/jobs/${job.id}/candidates?limit=2&cursor=${page.body.nextCursor}`)
        .set(...bearer(institution));
      expect([...page.body.items, ...rest.body.items].map((c: { id: string }) => c.id)).toEqual(ids);
      expect((await t.http.get(`/api/v1/jobs/${job.id}/candidates`).set(...bearer(allSkills))).status).toBe(
        403,
      );
    });
  });

  describe('at 100k jobs', () => {
    it('the discovery query plan has no sequential scan of jobs', async () => {
      const [nurse] = await bulkVerifiedProfessionals(t, 1, { skills: ['triage'] });
      // 100k jobs over two years: 5% open and in the future, the rest finished in the past.
      await t.db.pool.query(
        `INSERT INTO jobs (institution_id, role, title, description, required_skills, date, start_time, end_time,
                           starts_at, ends_at, rate, rate_type, district, status, cancel_reason)
         SELECT $1, (ARRAY['teacher','nurse','caregiver'])[1 + n % 3], 'Shift ' || n, 'Generated',
                CASE WHEN n % 4 = 0 THEN ARRAY['triage'] ELSE '{}'::text[] END,
                (s.starts_at AT TIME ZONE 'Africa/Kampala')::date, '08:00', '17:00', s.starts_at, s.starts_at + interval '9 hours',
                10000 + n % 50 * 1000, 'hourly', 'Kampala',
                CASE WHEN n % 20 = 0 THEN 'open' WHEN n % 3 = 0 THEN 'cancelled' WHEN n % 3 = 1 THEN 'completed' ELSE 'expired' END,
                CASE WHEN n % 20 <> 0 AND n % 3 = 0 THEN 'Generated' END
           FROM generate_series(1, 100000) AS n,
                LATERAL (SELECT CASE WHEN n % 20 = 0 THEN now() + (n % 365) * interval '1 day' + interval '1 day'
                                     ELSE now() - (n % 730) * interval '1 day' - interval '1 day' END AS starts_at) s`,
        [institution.id],
      );
      await t.db.pool.query('ANALYZE');
      const plans: string[] = [];
      const explain = async (text: string, values: unknown[]) => {
        const { rows } = await t.db.pool.query(`EXPLAIN (FORMAT TEXT) ${text}`, values);
        plans.push(rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
      };
      const base: DiscoveryParams = {
        profession: 'nurse',
        skills: ['triage'],
        district: null,
        from: null,
        to: null,
        minRate: null,
        after: null,
        limit: 21,
      };
      for (const params of [
        base,
        { ...base, district: 'Kampala', from: kampalaDate(1), to: kampalaDate(90), minRate: 20000 },
        { ...base, after: { skillMatch: '1', startsAt: new Date().toISOString(), id: nurse.id } },
        { ...base, after: { skillMatch: '0.5', startsAt: new Date().toISOString(), id: nurse.id } },
      ]) {
        const steps = discoverySteps(params);
        for (const step of [steps.fullMatches, steps.partialMatches(21)]) {
          if (step) await explain(step.statement.text, step.values);
        }
      }
      expect(plans).toHaveLength(7);
      for (const plan of plans) {
        expect(plan).not.toMatch(/Seq Scan on jobs/);
        expect(plan).toMatch(/jobs_open_role_starts_at_idx/);
      }
      const first = await discover(nurse, 'limit=20');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(20);
    });
  });
});
