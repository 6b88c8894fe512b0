// EXPLAIN ANALYZE of the hot queries at the seeded scale, written to bench/explain/<name>.txt. A plan that
// scans jobs, users or transactions sequentially is reported (and fails the bench run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { LIVE_SESSION } from '../dist/src/modules/auth/sessions/sessions.service.js';
import { CANDIDATES } from '../dist/src/modules/jobs/job-candidates.query.js';
import { discoverySteps, MATCHING_PROFILE } from '../dist/src/modules/jobs/job-discovery.query.js';
import { JOB_BY_ID, JOB_VIEW_SELECT } from '../dist/src/modules/jobs/job-view.js';

export async function writeExplains(db, fixtures) {
  const one = async (sql, params) => (await db.query(sql, params)).rows[0];
  const profile = await one(MATCHING_PROFILE.text, [fixtures.professional.id]);
  const session = await one(`SELECT id, user_id FROM sessions ORDER BY created_at DESC LIMIT 1`, []);
  const job = await one(`SELECT institution_id FROM jobs WHERE id = $1`, [fixtures.institution.jobId]);
  const discovery = discoverySteps({
    profession: profile.profession,
    skills: profile.skills,
    district: null,
    from: null,
    to: null,
    minRate: null,
    after: null,
    limit: 21,
  });
  const queries = {
    'live-session': [
      LIVE_SESSION.text,
      [session?.id ?? fixtures.professional.id, session?.user_id ?? fixtures.professional.id],
    ],
    'matching-profile': [MATCHING_PROFILE.text, [fixtures.professional.id]],
    'jobs-discovery-first-page': [discovery.fullMatches.statement.text, discovery.fullMatches.values],
    'jobs-discovery-partial-match-tier': [
      discovery.partialMatches(21).statement.text,
      discovery.partialMatches(21).values,
    ],
    'job-detail': [JOB_BY_ID.text, [fixtures.openJobIds[0]]],
    'job-candidates': [
      CANDIDATES.text,
      [fixtures.institution.jobId, job.institution_id, null, null, null, 21, new Date()],
    ],
    'institution-jobs': [
      `${JOB_VIEW_SELECT} WHERE j.institution_id = (SELECT institution_id FROM jobs WHERE id = $1)
        ORDER BY j.created_at DESC, j.id DESC LIMIT 21`,
      [fixtures.institution.jobId],
    ],
    'login-user-by-email': [`SELECT * FROM users WHERE email = $1`, [fixtures.professional.email]],
    'payment-by-tracking-id': [
      `SELECT * FROM transactions WHERE order_tracking_id = $1`,
      [fixtures.trackingId],
    ],
    'accept-overlap-check': [
      `SELECT j.id FROM job_assignees a JOIN jobs j ON j.id = a.job_id
        WHERE a.professional_id = $1 AND j.status IN ('accepted', 'paid') AND j.starts_at < now() + interval '9 hours' AND j.ends_at > now()
        LIMIT 1`,
      [fixtures.professional.id],
    ],
  };
  mkdirSync('bench/explain', { recursive: true });
  const offenders = [];
  for (const [name, [sql, values]] of Object.entries(queries)) {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    writeFileSync(`bench/explain/${name}.txt`, `${sql.trim()}\n\n${plan}\n`);
    if (/Seq Scan on (jobs|users|transactions)\b/.test(plan)) offenders.push(name);
  }
  if (offenders.length > 0)
    throw new Error(`sequential scans of jobs/users/transactions in: ${offenders.join(', ')}`);
  process.stdout.write(
    `[bench] EXPLAIN ANALYZE of ${Object.keys(queries).length} hot queries: no sequential scans\n`,
  );
}
