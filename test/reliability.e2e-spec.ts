import { Clock } from '../src/common/clock/clock.js';
import { DomainEvents } from '../src/common/events/domain-events.js';
import { kampalaParts } from '../src/common/time/kampala-calendar.js';
import { TransactionRunner } from '../src/database/transaction-runner.js';
import { JobCancellationService } from '../src/modules/jobs/job-cancellation.service.js';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { kampalaDate, postJob } from './factories/jobs.js';
import { paidJob } from './factories/payments.js';
import { bulkVerifiedProfessionals, institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
const HOUR = 3_600_000;

/**
 * Reliability over HTTP: booked and completed shifts, late withdrawals and no-shows recorded from the jobs'
 * events; the score on the profile and the candidates; 3 no-shows in 90 days block accepting for 7 days
 * until an admin lifts it.
 */
describe('Reliability', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let institution: SignedInUser;
  let clock: Clock;
  let travelled = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { PLATFORM_FEE_PERCENT: '10' } });
    admin = await signedInAdmin(t);
    institution = await institutionWithProfile(t);
    clock = t.app.get(Clock);
  });
  afterEach(() => {
    clock.travel(-travelled);
    travelled = 0;
  });
  afterAll(() => t.close());

  const accept = (user: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/accept`).set(...bearer(user));
  const withdraw = (user: SignedInUser, jobId: string) =>
    t.http
      .post(`/api/v1/jobs/${jobId}/cancel`)
      .set(...bearer(user))
      .send({ reason: 'Cannot make it.' });
  const complete = (jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/complete`).set(...bearer(institution));
  const reliabilityOf = async (professional: SignedInUser) => {
    const res = await t.http.get(`/api/v1/professionals/${professional.id}`).set(...bearer(institution));
    expect(res.status).toBe(200);
    return res.body.reliability;
  };
  /** A paid shift of `institution` booked by `professional`. */
  const bookedBy = async (professional: SignedInUser, overrides: Record<string, unknown> = {}) => {
    const { job, professional: first } = await paidJob(t, overrides, institution);
    // paidJob books it for a fresh nurse: hand it over to ours through a withdrawal in time and a rebooking
    expect((await withdraw(first, job.id)).status).toBe(200);
    expect((await accept(professional, job.id)).status).toBe(200);
    return job;
  };
  /** What the attendance module does on a no-show: the one cancel use case, with the cause. */
  const noShowCancel = (jobId: string) =>
    t.app.get(TransactionRunner).run((em) =>
      t.app
        .get(JobCancellationService)
        .cancelIn(em, { userId: admin.id, role: 'admin', sessionId: 'attendance' }, jobId, 'No-show', {
          cause: 'no_show',
        }),
    );

  it('a newcomer scores 1.0; a completed shift keeps it; a late withdrawal lowers it', async () => {
    const [nurse] = await bulkVerifiedProfessionals(t, 1);
    expect(await reliabilityOf(nurse)).toEqual({ score: 1, bookedShifts: 0, lateWithdrawals: 0, noShows: 0 });

    const done = await bookedBy(nurse);
    expect((await complete(done.id)).status).toBe(200);
    expect(await reliabilityOf(nurse)).toEqual({ score: 1, bookedShifts: 1, lateWithdrawals: 0, noShows: 0 });

    // Withdrawing in time (days ahead) costs nothing …
    const early = await bookedBy(nurse);
    expect((await withdraw(nurse, early.id)).status).toBe(200);
    expect(await reliabilityOf(nurse)).toEqual(expect.objectContaining({ score: 1, lateWithdrawals: 0 }));

    // … under 24 h before the start it counts against them.
    const late = await bookedBy(nurse);
    const ms = Date.parse(String(late.startsAt)) - 5 * HOUR - clock.now().getTime();
    clock.travel(ms);
    travelled += ms;
    expect((await withdraw(nurse, late.id)).status).toBe(200);
    expect(await reliabilityOf(nurse)).toEqual({
      score: 0.5,
      bookedShifts: 3,
      lateWithdrawals: 1,
      noShows: 0,
    });
    const audit = await t.db.pool.query(
      `SELECT details FROM audit_log WHERE action = 'job.withdrawn' AND target_id = $1`,
      [late.id],
    );
    expect(audit.rows.map((r: { details: { late: boolean } }) => r.details.late)).toContain(true);
  });

  it('3 no-shows in 90 days: accepting is refused 403 naming the date; an admin lifts it; non-admins cannot', async () => {
    const [nurse] = await bulkVerifiedProfessionals(t, 1);
    const first = await bookedBy(nurse);
    expect((await complete(first.id)).status).toBe(200);

    const second = await bookedBy(nurse);
    await noShowCancel(second.id);
    // A no-show cancellation refunds in full: nothing for the professional.
    expect((await t.app.get(LedgerService).balances(second.id, ['job_escrow'])).get('job_escrow') ?? 0).toBe(
      0,
    );
    expect(
      (await t.app.get(LedgerService).balances(nurse.id, ['professional_pending'])).get(
        'professional_pending',
      ),
    ).toBe(121_500); // the first shift's earnings only
    expect(await reliabilityOf(nurse)).toEqual(expect.objectContaining({ score: 0.5, noShows: 1 }));

    const third = await bookedBy(nurse);
    // The attendance module's own event counts too (and the same no-show twice counts once).
    await t.app.get(TransactionRunner).run(async (em) => {
      const event = {
        type: 'shift.no_show' as const,
        jobId: third.id,
        professionalId: nurse.id,
        at: clock.now(),
      };
      await t.app.get(DomainEvents).publish(em, event);
      await t.app.get(DomainEvents).publish(em, event);
    });
    expect(await reliabilityOf(nurse)).toEqual(expect.objectContaining({ noShows: 2 }));
    expect((await withdraw(nurse, third.id)).status).toBe(200); // (frees the nurse's slot)

    const fourth = await bookedBy(nurse);
    await noShowCancel(fourth.id);
    const reliability = await reliabilityOf(nurse);
    expect(reliability).toEqual({
      score: 0.25,
      bookedShifts: 4,
      lateWithdrawals: 0,
      noShows: 3,
      blockedUntil: expect.any(String),
    });
    const blockedUntil = new Date(reliability.blockedUntil);
    expect(Math.abs(blockedUntil.getTime() - (clock.now().getTime() + 7 * 24 * HOUR))).toBeLessThan(60_000);

    const open = await postJob(t, institution, { date: kampalaDate(20) });
    const refused = await accept(nurse, open.id);
    expect(refused.status).toBe(403);
    const p = kampalaParts(blockedUntil);
    const day = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
    expect(refused.body).toEqual(
      expect.objectContaining({
        type: `${PROBLEM}accept-blocked`,
        status: 403,
        blockedUntil: blockedUntil.toISOString(),
      }),
    );
    expect(refused.body.detail).toContain(`You can accept jobs again from ${day}`);
    expect(refused.body.detail).toContain('(Africa/Kampala)');

    for (const who of [institution, nurse]) {
      const res = await t.http.post(`/api/v1/admin/professionals/${nurse.id}/unblock`).set(...bearer(who));
      expect(res.status).toBe(403);
    }
    const unknown = await t.http
      .post(`/api/v1/admin/professionals/00000000-0000-4000-8000-000000000000/unblock`)
      .set(...bearer(admin));
    expect(unknown.status).toBe(404);
    const lifted = await t.http.post(`/api/v1/admin/professionals/${nurse.id}/unblock`).set(...bearer(admin));
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({
      professionalId: nurse.id,
      lifted: 1,
      reliability: { score: 0.25, bookedShifts: 4, lateWithdrawals: 0, noShows: 3 },
    });
    const audit = await t.db.pool.query(
      `SELECT actor_id FROM audit_log WHERE action = 'professional.accept_unblocked' AND target_id = $1`,
      [nurse.id],
    );
    expect(audit.rows).toEqual([{ actor_id: admin.id }]);
    expect((await accept(nurse, open.id)).status).toBe(200);
  });

  it('a block ends by itself after 7 days', async () => {
    const [nurse] = await bulkVerifiedProfessionals(t, 1);
    for (let i = 0; i < 3; i++) await noShowCancel((await bookedBy(nurse)).id);
    const open = await postJob(t, institution, { date: kampalaDate(30) });
    expect((await accept(nurse, open.id)).status).toBe(403);
    clock.travel(7 * 24 * HOUR + 60_000);
    travelled += 7 * 24 * HOUR + 60_000;
    expect((await accept(nurse, open.id)).status).toBe(200);
  });

  it('candidates show reliability and rank equal seed scores by it', async () => {
    const date = kampalaDate(40);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const covering = [{ weekday, start: '07:00', end: '18:00' }];
    const [steady, flaky] = await bulkVerifiedProfessionals(t, 2, { availability: covering });
    const good = await bookedBy(steady);
    expect((await complete(good.id)).status).toBe(200);
    const done = await bookedBy(flaky);
    expect((await complete(done.id)).status).toBe(200);
    await noShowCancel((await bookedBy(flaky)).id);

    const job = await postJob(t, institution, { date });
    const res = await t.http.get(`/api/v1/jobs/${job.id}/candidates?limit=100`).set(...bearer(institution));
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; score: number; reliability: { score: number } }[];
    const ours = items.filter((c) => c.id === steady.id || c.id === flaky.id);
    expect(ours.map((c) => [c.id, c.reliability])).toEqual([
      [steady.id, { score: 1, bookedShifts: 1, lateWithdrawals: 0, noShows: 0 }],
      [flaky.id, { score: 0.5, bookedShifts: 2, lateWithdrawals: 0, noShows: 1 }],
    ]);
    expect(ours[0].score).toBe(ours[1].score);
    // Ranked by the seed score, then reliability, and the cursor walks the same order.
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1], items[i]];
      expect(a.score > b.score || (a.score === b.score && a.reliability.score >= b.reliability.score)).toBe(
        true,
      );
    }
    const page = await t.http.get(`/api/v1/jobs/${job.id}/candidates?limit=1`).set(...bearer(institution));
    const ids: string[] = page.body.items.map((c: { id: string }) => c.id);
    let cursor = page.body.nextCursor as string | null;
    while (cursor) {
      const next = await t.http
        .get(`/api/v1/jobs/${job.id}/candidates?limit=1&cursor=${cursor}`)
        .set(...bearer(institution));
      ids.push(...next.body.items.map((c: { id: string }) => c.id));
      cursor = next.body.nextCursor;
    }
    expect(ids).toEqual(items.map((c) => c.id));
    // The profile says the same as the candidates list.
    expect(await reliabilityOf(flaky)).toEqual(ours[1].reliability);
  });
});
