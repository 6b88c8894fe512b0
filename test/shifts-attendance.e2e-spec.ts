import { Clock } from '../src/common/clock/clock.js';
import { TransactionRunner } from '../src/database/transaction-runner.js';
import { JobTransitions } from '../src/modules/jobs/job.transitions.js';
import { JobsRepository } from '../src/modules/jobs/jobs.repository.js';
import { ShiftsWorker } from '../src/modules/shifts/shifts.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { eventually, paidJob, transactionRow } from './factories/payments.js';
import { bulkVerifiedProfessionals, institutionWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Booked = Awaited<ReturnType<typeof paidJob>>;

describe('Shifts: confirmation, attendance codes, check-in/out, no-show', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let clock: Clock;
  beforeAll(async () => {
    t = await startTestApp({ env: { CONFIRM_BEFORE_HOURS: '12' } });
    admin = await signedInAdmin(t);
    clock = t.app.get(Clock);
  });
  // Back to real time: the next test books jobs days ahead of now.
  afterEach(() => clock.travel(Date.now() - clock.now().getTime()));
  afterAll(() => t.close());

  const travelTo = (instant: Date) => clock.travel(instant.getTime() - clock.now().getTime());
  const startOf = (b: Booked) => new Date(b.job.startsAt as string);
  const endOf = (b: Booked) => new Date(b.job.endsAt as string);
  const sweep = () => t.app.get(ShiftsWorker).sweep();

  const confirm = (user: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/confirm`).set(...bearer(user));
  const getCode = (user: SignedInUser, jobId: string) =>
    t.http.get(`/api/v1/jobs/${jobId}/attendance-code`).set(...bearer(user));
  const attend = (action: 'check-in' | 'check-out', user: SignedInUser, jobId: string, body: unknown) =>
    t.http
      .post(`/api/v1/jobs/${jobId}/${action}`)
      .set(...bearer(user))
      .send(body as object);
  const noShow = (user: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/no-show`).set(...bearer(user));
  const detail = async (user: SignedInUser, jobId: string) =>
    (await t.http.get(`/api/v1/jobs/${jobId}`).set(...bearer(user))).body as Record<string, unknown>;
  /** The code the institution shows now. */
  const currentCode = async (b: Booked) => {
    const res = await getCode(b.institution, b.job.id);
    expect(res.status).toBe(200);
    return res.body.code as string;
  };
  /** Another 6-digit code: wrong unless it happens to be a neighbouring step's (one in ~330,000). */
  const otherThan = (code: string) => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
  const shiftRow = async (jobId: string) =>
    (
      await t.db.pool.query(
        `SELECT confirmed_at, checked_in_at, checked_out_at, check_in_step, code_failures, no_show_at,
                attendance_secret
           FROM shifts WHERE job_id = $1`,
        [jobId],
      )
    ).rows[0] as Record<string, unknown>;
  const notices = async (jobId: string, type: string) =>
    (
      await t.db.pool.query(
        `SELECT user_id FROM notifications WHERE type = $2 AND data->>'jobId' = $1 ORDER BY created_at`,
        [jobId, type],
      )
    ).rows.map((row: { user_id: string }) => row.user_id);
  const auditActions = async (jobId: string) =>
    (
      await t.db.pool.query(
        `SELECT action, details FROM audit_log WHERE target_type = 'job' AND target_id = $1 ORDER BY id`,
        [jobId],
      )
    ).rows as { action: string; details: Record<string, unknown> }[];

  it('books a shift when the job is paid, with the secret sealed at rest', async () => {
    const b = await paidJob(t);
    const row = await shiftRow(b.job.id);
    expect(row).toEqual(
      expect.objectContaining({ confirmed_at: null, checked_in_at: null, code_failures: 0 }),
    );
    expect(row.attendance_secret).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await detail(b.institution, b.job.id)).toEqual(
      expect.objectContaining({ confirmedAt: null, atRisk: false, checkedInAt: null, noShow: false }),
    );
  });

  it('a rebooking after a withdrawal starts the shift over: new professional, new secret, unconfirmed', async () => {
    const b = await paidJob(t);
    expect((await confirm(b.professional, b.job.id)).status).toBe(200);
    const before = await shiftRow(b.job.id);
    // The withdrawal of a paid job (its route is another module's work): paid → open, assignee removed.
    await t.app.get(TransactionRunner).run(async (em) => {
      await t.app.get(JobTransitions).transition(em, b.job.id, 'open', { userId: b.professional.id });
      const jobs = t.app.get(JobsRepository);
      await jobs.deleteAssignee(em, (await jobs.findAssignee(em, b.job.id))!.id);
    });
    expect(await detail(b.institution, b.job.id)).not.toHaveProperty('confirmedAt');

    const [next] = await bulkVerifiedProfessionals(t, 1);
    expect((await t.http.post(`/api/v1/jobs/${b.job.id}/accept`).set(...bearer(next))).status).toBe(200);
    const after = await shiftRow(b.job.id);
    expect(after).toEqual(expect.objectContaining({ confirmed_at: null, checked_in_at: null }));
    expect(after.attendance_secret).not.toBe(before.attendance_secret);
    expect(
      (await t.db.pool.query(`SELECT professional_id FROM shifts WHERE job_id = $1`, [b.job.id])).rows,
    ).toEqual([{ professional_id: next.id }]);
    expect((await confirm(b.professional, b.job.id)).status).toBe(404);
    expect((await confirm(next, b.job.id)).status).toBe(200);
  });

  it('runs a full shift: confirm → code → check-in → check-out, shown on the job', async () => {
    const b = await paidJob(t);
    const confirmed = await confirm(b.professional, b.job.id);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ confirmedAt: expect.any(String) });
    expect((await confirm(b.professional, b.job.id)).status).toBe(409);
    expect(await notices(b.job.id, 'shift.confirmed')).toEqual([b.institution.id]);

    travelTo(new Date(startOf(b).getTime() - 10 * MINUTE));
    const shown = await getCode(b.institution, b.job.id);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      code: expect.stringMatching(/^\d{6}$/),
      qrDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
      expiresAt: expect.any(String),
    });
    const expiresIn = new Date(shown.body.expiresAt as string).getTime() - clock.now().getTime();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(60_000);

    const checkIn = await attend('check-in', b.professional, b.job.id, { code: shown.body.code });
    expect(checkIn.status).toBe(200);
    expect(checkIn.body).toEqual({ checkedInAt: expect.any(String) });

    travelTo(new Date(endOf(b).getTime() + 5 * MINUTE));
    const checkOut = await attend('check-out', b.professional, b.job.id, { code: await currentCode(b) });
    expect(checkOut.status).toBe(200);
    expect(checkOut.body).toEqual({ checkedOutAt: expect.any(String) });
    expect((await getCode(b.institution, b.job.id)).status).toBe(409);

    const fields = {
      confirmedAt: confirmed.body.confirmedAt,
      atRisk: false,
      checkedInAt: checkIn.body.checkedInAt,
      checkedOutAt: checkOut.body.checkedOutAt,
      noShow: false,
    };
    expect(await detail(b.institution, b.job.id)).toEqual(expect.objectContaining(fields));
    expect(await detail(b.professional, b.job.id)).toEqual(expect.objectContaining(fields));
    expect(await detail(admin, b.job.id)).toEqual(expect.objectContaining(fields));
    expect((await auditActions(b.job.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['shift.confirmed', 'shift.checked_in', 'shift.checked_out']),
    );
  });

  it('refuses wrong (400), stale (400), early (409), out-of-order (409) and replayed (409) codes', async () => {
    const b = await paidJob(t);
    const start = startOf(b);

    travelTo(new Date(start.getTime() - 31 * MINUTE));
    expect((await getCode(b.institution, b.job.id)).status).toBe(409);
    const early = await attend('check-in', b.professional, b.job.id, { code: '123456' });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe(`${PROBLEM}attendance-not-open`);

    travelTo(new Date(start.getTime() - 20 * MINUTE));
    const code = await currentCode(b);
    const wrong = await attend('check-in', b.professional, b.job.id, { code: otherThan(code) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe(`${PROBLEM}wrong-attendance-code`);

    const outOfOrder = await attend('check-out', b.professional, b.job.id, { code });
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.type).toBe(`${PROBLEM}invalid-attendance-move`);

    clock.travel(2 * 60_000);
    const stale = await attend('check-in', b.professional, b.job.id, { code });
    expect(stale.status).toBe(400);
    expect(stale.body.type).toBe(`${PROBLEM}wrong-attendance-code`);
    expect(await shiftRow(b.job.id)).toEqual(
      expect.objectContaining({ checked_in_at: null, code_failures: 2 }),
    );

    const fresh = await currentCode(b);
    expect((await attend('check-in', b.professional, b.job.id, { code: fresh })).status).toBe(200);
    const replayed = await attend('check-in', b.professional, b.job.id, { code: fresh });
    expect(replayed.status).toBe(409);
    expect(replayed.body.type).toBe(`${PROBLEM}attendance-code-used`);

    clock.travel(2 * 60_000);
    const twice = await attend('check-in', b.professional, b.job.id, { code: await currentCode(b) });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe(`${PROBLEM}invalid-attendance-move`);
  });

  it('two check-ins racing with one code: one 200, the other 409', async () => {
    const b = await paidJob(t);
    travelTo(new Date(startOf(b).getTime() - 5 * MINUTE));
    const code = await currentCode(b);
    const answers = await Promise.all(
      [1, 2].map(() => attend('check-in', b.professional, b.job.id, { code })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(await auditActions(b.job.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'shift.checked_in' })]),
    );
    expect((await auditActions(b.job.id)).filter((a) => a.action === 'shift.checked_in')).toHaveLength(1);
  });

  it('rate-limits wrong codes per job: five in ten minutes, then 429 with Retry-After', async () => {
    const b = await paidJob(t);
    travelTo(new Date(startOf(b).getTime() - 25 * MINUTE));
    const code = await currentCode(b);
    for (let i = 0; i < 5; i++) {
      expect((await attend('check-in', b.professional, b.job.id, { code: otherThan(code) })).status).toBe(
        400,
      );
    }
    const limited = await attend('check-in', b.professional, b.job.id, { code });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect((await shiftRow(b.job.id)).checked_in_at).toBeNull();

    clock.travel(10 * MINUTE);
    expect((await attend('check-in', b.professional, b.job.id, { code: await currentCode(b) })).status).toBe(
      200,
    );
  });

  it('sweeps: the 24 h and confirm reminders once each, then at-risk warns the institution', async () => {
    const b = await paidJob(t);
    const start = startOf(b).getTime();
    const at = async (ms: number) => {
      travelTo(new Date(start - ms));
      await sweep();
    };

    await at(25 * HOUR);
    expect(await notices(b.job.id, 'shift.reminder')).toEqual([]);
    await at(24 * HOUR - MINUTE);
    await sweep();
    expect(await notices(b.job.id, 'shift.reminder')).toEqual([b.professional.id]);
    expect(await notices(b.job.id, 'shift.confirm_reminder')).toEqual([]);

    await at(14 * HOUR - MINUTE);
    await sweep();
    expect(await notices(b.job.id, 'shift.confirm_reminder')).toEqual([b.professional.id]);
    expect(await notices(b.job.id, 'shift.at_risk')).toEqual([]);
    expect((await detail(b.institution, b.job.id)).atRisk).toBe(false);

    await at(12 * HOUR - MINUTE);
    await sweep();
    expect(await notices(b.job.id, 'shift.at_risk')).toEqual([b.institution.id]);
    expect(await notices(b.job.id, 'shift.reminder')).toHaveLength(1);
    expect(await notices(b.job.id, 'shift.confirm_reminder')).toHaveLength(1);
    expect((await detail(b.institution, b.job.id)).atRisk).toBe(true);
    expect((await detail(b.professional, b.job.id)).atRisk).toBe(true);

    // Confirming late clears the flag.
    expect((await confirm(b.professional, b.job.id)).status).toBe(200);
    expect((await detail(b.institution, b.job.id)).atRisk).toBe(false);
  });

  it('confirmed before CONFIRM_BEFORE_HOURS: no confirm reminder, no warning', async () => {
    const b = await paidJob(t);
    expect((await confirm(b.professional, b.job.id)).status).toBe(200);
    travelTo(new Date(startOf(b).getTime() - 11 * HOUR));
    await sweep();
    expect(await notices(b.job.id, 'shift.reminder')).toEqual([b.professional.id]);
    expect(await notices(b.job.id, 'shift.confirm_reminder')).toEqual([]);
    expect(await notices(b.job.id, 'shift.at_risk')).toEqual([]);
    expect((await detail(b.institution, b.job.id)).atRisk).toBe(false);
  });

  it('prompts the institution once when nobody checked in an hour after the start', async () => {
    const b = await paidJob(t);
    travelTo(new Date(startOf(b).getTime() + 59 * MINUTE));
    await sweep();
    expect(await notices(b.job.id, 'shift.no_check_in')).toEqual([]);
    travelTo(new Date(startOf(b).getTime() + 61 * MINUTE));
    await sweep();
    await sweep();
    expect(await notices(b.job.id, 'shift.no_check_in')).toEqual([b.institution.id]);
  });

  it('no-show: 409 before start + 60 min; then cancelled, refunded in full, recorded', async () => {
    const b = await paidJob(t);
    travelTo(new Date(startOf(b).getTime() + 59 * MINUTE));
    const early = await noShow(b.institution, b.job.id);
    expect(early.status).toBe(409);
    expect(early.body.type).toBe(`${PROBLEM}attendance-not-open`);

    travelTo(new Date(startOf(b).getTime() + 61 * MINUTE));
    const res = await noShow(b.institution, b.job.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ status: 'cancelled', noShow: true }));
    const payment = await transactionRow(t, b.payment.transactionId);
    expect(payment.job_status).toBe('cancelled');
    expect(['requesting', 'requested']).toContain(payment.refund_status);
    await eventually(
      async () => (await transactionRow(t, b.payment.transactionId)).refund_status === 'requested',
    );

    const audit = await auditActions(b.job.id);
    expect(audit.find((a) => a.action === 'shift.no_show')?.details).toEqual(
      expect.objectContaining({ from: 'booked', professionalId: b.professional.id }),
    );
    expect(audit.find((a) => a.action === 'job.cancelled')?.details).toEqual(
      expect.objectContaining({ cause: 'no_show' }),
    );
    expect(await notices(b.job.id, 'job.cancelled')).toEqual([b.professional.id]);
    expect((await noShow(b.institution, b.job.id)).status).toBe(409);
  });

  it('no-show after a check-in → 409, nothing cancelled', async () => {
    const b = await paidJob(t);
    travelTo(new Date(startOf(b).getTime() + 5 * MINUTE));
    expect((await attend('check-in', b.professional, b.job.id, { code: await currentCode(b) })).status).toBe(
      200,
    );
    travelTo(new Date(startOf(b).getTime() + 2 * HOUR));
    const res = await noShow(b.institution, b.job.id);
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(`${PROBLEM}invalid-attendance-move`);
    expect((await transactionRow(t, b.payment.transactionId)).job_status).toBe('paid');
  });

  it('strangers 404, wrong roles 403, bad bodies 400 changing nothing', async () => {
    const b = await paidJob(t);
    const [stranger] = await bulkVerifiedProfessionals(t, 1);
    const otherInstitution = await institutionWithProfile(t);
    travelTo(new Date(startOf(b).getTime() + 61 * MINUTE));
    const code = await currentCode(b);

    expect((await confirm(stranger, b.job.id)).status).toBe(404);
    expect((await attend('check-in', stranger, b.job.id, { code })).status).toBe(404);
    expect((await attend('check-out', stranger, b.job.id, { code })).status).toBe(404);
    expect((await getCode(otherInstitution, b.job.id)).status).toBe(404);
    expect((await noShow(otherInstitution, b.job.id)).status).toBe(404);
    const strangerView = await t.http.get(`/api/v1/jobs/${b.job.id}`).set(...bearer(otherInstitution));
    expect(strangerView.body).not.toHaveProperty('confirmedAt');

    expect((await confirm(b.institution, b.job.id)).status).toBe(403);
    expect((await attend('check-in', b.institution, b.job.id, { code })).status).toBe(403);
    expect((await attend('check-in', admin, b.job.id, { code })).status).toBe(403);
    expect((await getCode(b.professional, b.job.id)).status).toBe(403);
    expect((await noShow(b.professional, b.job.id)).status).toBe(403);

    for (const body of [{}, { code: '12345' }, { code: 123456 }, { code: 'abcdef' }, { code, extra: 1 }]) {
      const res = await attend('check-in', b.professional, b.job.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await t.http.post('/api/v1/jobs/not-a-uuid/confirm').set(...bearer(b.professional))).status).toBe(
      400,
    );
    expect(await shiftRow(b.job.id)).toEqual(
      expect.objectContaining({
        confirmed_at: null,
        checked_in_at: null,
        code_failures: 0,
        no_show_at: null,
      }),
    );
    expect((await transactionRow(t, b.payment.transactionId)).job_status).toBe('paid');

    // A cancelled job is no longer a booked shift.
    const cancelled = await paidJob(t);
    const cancel = await t.http
      .post(`/api/v1/jobs/${cancelled.job.id}/cancel`)
      .set(...bearer(cancelled.institution))
      .send({ reason: 'Term ended early' });
    expect(cancel.status).toBe(200);
    const notBooked = await confirm(cancelled.professional, cancelled.job.id);
    expect(notBooked.status).toBe(409);
    expect(notBooked.body.type).toBe(`${PROBLEM}shift-not-booked`);
  });
});
