import type { TestApp } from '../helpers/test-app.js';
import { bearer, type SignedInUser } from './accounts.js';

/** A Kampala date `days` from today, YYYY-MM-DD. */
export function kampalaDate(days: number): string {
  return new Date(Date.now() + 3 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export function jobBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    role: 'nurse',
    title: 'Night ward cover',
    description: 'Cover the paediatric ward; handover at the nurses’ station.',
    requiredSkills: ['paediatric nursing'],
    date: kampalaDate(7),
    startTime: '08:00',
    endTime: '17:00',
    rate: 15000,
    rateType: 'hourly',
    ...overrides,
  };
}

export interface PostedJob {
  id: string;
  [field: string]: unknown;
}

export async function postJob(
  t: TestApp,
  institution: SignedInUser,
  overrides: Record<string, unknown> = {},
): Promise<PostedJob> {
  const res = await t.http
    .post('/api/v1/jobs')
    .set(...bearer(institution))
    .send(jobBody(overrides));
  if (res.status !== 201) throw new Error(`post job failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PostedJob;
}

/** Moves a job's shift into the past straight in the database (the API refuses past dates). */
export async function moveJobToPast(t: TestApp, jobId: string, hoursAgo = 1): Promise<void> {
  await t.db.pool.query(
    `UPDATE jobs SET starts_at = now() - make_interval(hours => $2), ends_at = now() - make_interval(hours => $2) + interval '1 hour'
      WHERE id = $1`,
    [jobId, hoursAgo],
  );
}
