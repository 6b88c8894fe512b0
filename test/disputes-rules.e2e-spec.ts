import { EarningsWorker } from '../src/modules/earnings/earnings.worker.js';
import { bearer, signedInUser, type SignedInUser } from './factories/accounts.js';
import { ledgerOf, openDispute, resolveDispute } from './factories/disputes.js';
import { postJob } from './factories/jobs.js';
import { acceptedJob, paidJob } from './factories/payments.js';
import { institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const DAY_80K = { rate: 80_000, rateType: 'daily' };
const PROBLEM = 'https://qgig.ug/problems/';

describe('Disputes: who may open one, when, and what a bad request changes', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp({ env: { EARNINGS_HOLD_HOURS: '0', DISPUTE_WINDOW_HOURS: '48' } });
    admin = await signedInAdmin(t);
  });
  afterAll(() => t.close());

  const complete = (institution: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/complete`).set(...bearer(institution));
  const listFor = (user: SignedInUser, jobId: string) =>
    t.http.get(`/api/v1/jobs/${jobId}/disputes`).set(...bearer(user));
  const state = async (jobId: string) => {
    const { rows } = await t.db.pool.query(
      `SELECT j.disputed, (SELECT count(*)::int FROM disputes d WHERE d.job_id = j.id) AS disputes,
              (SELECT status FROM earnings e WHERE e.job_id = j.id) AS earnings
         FROM jobs j WHERE j.id = $1`,
      [jobId],
    );
    return rows[0] as { disputed: boolean; disputes: number; earnings: string | null };
  };
  const expectProblem = (res: { status: number; body: { type: string } }, status: number, slug: string) => {
    expect({ status: res.status, type: res.body.type }).toEqual({ status, type: `${PROBLEM}${slug}` });
  };

  it('only the parties open or read a dispute; one open at a time; both are told in-app and by email', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    const strangers = [
      await institutionWithProfile(t),
      await signedInUser(t, { role: 'professional', verified: true }),
    ];
    for (const stranger of strangers) {
      expectProblem(await openDispute(t, stranger, job.id), 404, 'not-found');
      expectProblem(await listFor(stranger, job.id), 404, 'not-found');
    }
    expectProblem(await openDispute(t, admin, job.id), 403, 'forbidden-role');
    expect(await state(job.id)).toEqual({ disputed: false, disputes: 0, earnings: null });

    const first = await openDispute(t, professional, job.id, { reason: 'Sent home at 10:00 without pay' });
    expect(first.status).toBe(201);
    expect(first.body.openedByRole).toBe('professional');
    expectProblem(await openDispute(t, institution, job.id), 409, 'dispute-open');
    for (const reader of [institution, professional, admin]) {
      const list = await listFor(reader, job.id);
      expect(list.status).toBe(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([first.body.id]);
    }
    const { rows: mails } = await t.db.pool.query(
      `SELECT user_id FROM mail_outbox WHERE subject LIKE 'A dispute was opened%' AND user_id = ANY($1)`,
      [[institution.id, professional.id]],
    );
    expect(mails).toHaveLength(2);
  });

  it('refuses jobs that are not paid or completed, a closed window and released earnings with 409', async () => {
    const accepted = await acceptedJob(t, undefined, DAY_80K);
    expectProblem(await openDispute(t, accepted.institution, accepted.job.id), 409, 'dispute-not-allowed');
    const open = await postJob(t, accepted.institution);
    expectProblem(await openDispute(t, accepted.institution, open.id), 409, 'dispute-not-allowed');

    const late = await paidJob(t, DAY_80K);
    await complete(late.institution, late.job.id);
    await t.db.pool.query(`UPDATE jobs SET completed_at = now() - interval '49 hours' WHERE id = $1`, [
      late.job.id,
    ]);
    const closed = await openDispute(t, late.institution, late.job.id);
    expectProblem(closed, 409, 'dispute-not-allowed');
    expect(closed.body.detail).toContain('over');
    expect(await state(late.job.id)).toEqual({ disputed: false, disputes: 0, earnings: 'held' });

    const released = await paidJob(t, DAY_80K);
    await complete(released.institution, released.job.id);
    await t.app.get(EarningsWorker).releaseDue();
    const refused = await openDispute(t, released.professional, released.job.id);
    expectProblem(refused, 409, 'dispute-not-allowed');
    expect(refused.body.detail).toContain('released');
    expect(await state(released.job.id)).toEqual({ disputed: false, disputes: 0, earnings: 'released' });

    // Within the window, the earnings held: it opens and freezes them (the sweep leaves them alone).
    const inTime = await paidJob(t, DAY_80K);
    await complete(inTime.institution, inTime.job.id);
    await t.db.pool.query(`UPDATE jobs SET completed_at = now() - interval '47 hours' WHERE id = $1`, [
      inTime.job.id,
    ]);
    expect((await openDispute(t, inTime.institution, inTime.job.id)).status).toBe(201);
    await t.app.get(EarningsWorker).releaseDue();
    expect(await state(inTime.job.id)).toEqual({ disputed: true, disputes: 1, earnings: 'frozen' });
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
    ['a reason too long', { reason: 'x'.repeat(201) }],
    ['details null', { reason: 'Left early', details: null }],
    ['details too long', { reason: 'Left early', details: 'x'.repeat(2001) }],
    ['an unknown field', { reason: 'Left early', amount: 5 }],
  ])('opening with %s is a 400 that changes nothing', async (_case, body) => {
    const { institution, job } = await paidJob(t, DAY_80K);
    expectProblem(await openDispute(t, institution, job.id, body), 400, 'validation-failed');
    expect(await state(job.id)).toEqual({ disputed: false, disputes: 0, earnings: null });
  });

  it('bad resolutions are 400s that change nothing; non-admins get 403', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    const id = (await openDispute(t, institution, job.id)).body.id as string;
    const note = 'Decided on the evidence.';
    const bodies = [
      { outcome: 'split', note },
      { outcome: 'split', professionalAmount: null, note },
      { outcome: 'release', professionalAmount: 10_000, note },
      { outcome: 'refund', professionalAmount: 10_000, note },
      { outcome: 'split', professionalAmount: 80_000, note },
      { outcome: 'split', professionalAmount: 90_000, note },
      { outcome: 'split', professionalAmount: 0, note },
      { outcome: 'split', professionalAmount: -5, note },
      { outcome: 'split', professionalAmount: 1.5, note },
      { outcome: 'pay-everyone', note },
      { outcome: 'release' },
      { outcome: 'release', note: 'x'.repeat(1001) },
    ];
    for (const body of bodies) {
      const res = await resolveDispute(t, admin, id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    for (const user of [institution, professional]) {
      expectProblem(await resolveDispute(t, user, id, { outcome: 'release', note }), 403, 'forbidden-role');
      expectProblem(await t.http.get('/api/v1/admin/disputes').set(...bearer(user)), 403, 'forbidden-role');
    }
    expect(await state(job.id)).toEqual({ disputed: true, disputes: 1, earnings: null });
    expect(await ledgerOf(t).balance(job.id, 'job_escrow')).toBe(80_000);
    const { rows } = await t.db.pool.query(`SELECT status, outcome FROM disputes WHERE id = $1`, [id]);
    expect(rows).toEqual([{ status: 'open', outcome: null }]);
    expectProblem(
      await resolveDispute(t, admin, '00000000-0000-4000-8000-000000000000', { outcome: 'release', note }),
      404,
      'not-found',
    );
  });

  it('a job refunded by an admin meanwhile: only refund resolves its dispute, moving nothing more', async () => {
    const { institution, job, payment } = await paidJob(t, DAY_80K);
    const id = (await openDispute(t, institution, job.id)).body.id as string;
    const refunded = await t.http
      .post(`/api/v1/admin/payments/${payment.transactionId}/refund`)
      .set(...bearer(admin))
      .send({ remarks: 'Refunded on the phone with the school.' });
    expect(refunded.status).toBe(202);
    const note = 'Already refunded.';
    expectProblem(
      await resolveDispute(t, admin, id, { outcome: 'release', note }),
      409,
      'dispute-not-allowed',
    );
    const before = await ledgerOf(t).platform();
    expect((await resolveDispute(t, admin, id, { outcome: 'refund', note })).status).toBe(200);
    expect(await ledgerOf(t).platform()).toEqual(before);
    expect(await state(job.id)).toEqual({ disputed: false, disputes: 1, earnings: null });
  });

  it('the admin queue lists one status, oldest first, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { institution, job } = await paidJob(t, DAY_80K);
      ids.push((await openDispute(t, institution, job.id)).body.id as string);
    }
    const resolved = ids[1];
    await resolveDispute(t, admin, resolved, { outcome: 'release', note: 'Worked in full.' });

    const seen: { id: string; createdAt: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await t.http
        .get(`/api/v1/admin/disputes?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(...bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.every((d) => d.status === 'open')).toBe(true);
    expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
    expect(seen.map((d) => d.createdAt)).toEqual(seen.map((d) => d.createdAt).sort());
    expect(seen.map((d) => d.id)).toEqual(expect.arrayContaining([ids[0], ids[2]]));
    expect(seen.map((d) => d.id)).not.toContain(resolved);

    const done = await t.http.get('/api/v1/admin/disputes?status=resolved').set(...bearer(admin));
    expect(done.body.items.every((d: { status: string }) => d.status === 'resolved')).toBe(true);
    expect(done.body.items).toContainEqual(
      expect.objectContaining({ id: resolved, status: 'resolved', outcome: 'release', resolvedBy: admin.id }),
    );
    const bad = await t.http.get('/api/v1/admin/disputes?status=closed').set(...bearer(admin));
    expect(bad.status).toBe(400);
    const forged = await t.http.get('/api/v1/admin/disputes?cursor=abc').set(...bearer(admin));
    expect(forged.status).toBe(400);
  });
});
