import { Clock } from '../src/common/clock/clock.js';
import { JobLifecycleWorker } from '../src/modules/jobs/job-lifecycle.worker.js';
import { TimesheetAutoApproveWorker } from '../src/modules/shifts/timesheet-auto-approve.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { earningsOf, ledgerOf, resolveDispute } from './factories/disputes.js';
import { moveJobToPast } from './factories/jobs.js';
import { acceptedJob, eventually, paidJob } from './factories/payments.js';
import { institutionWithProfile, professionalWithProfile, signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const DAY_80K = { rate: 80_000, rateType: 'daily' };
/** 08:00–16:00 at 10,000 UGX/h: 8 hours, 80,000 UGX. */
const HOURLY_8H = { startTime: '08:00', endTime: '16:00', rate: 10_000, rateType: 'hourly' };
const PROBLEM = 'https://qgig.ug/problems/';
const AUTO_APPROVE_HOURS = 2;

describe('Timesheets: submit, approve, dispute, auto-approve', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let ledger: ReturnType<typeof ledgerOf>;
  beforeAll(async () => {
    t = await startTestApp({
      env: { PLATFORM_FEE_PERCENT: '10', TIMESHEET_AUTO_APPROVE_HOURS: String(AUTO_APPROVE_HOURS) },
    });
    admin = await signedInAdmin(t);
    ledger = ledgerOf(t);
  });
  afterAll(() => t.close());

  /** Moves the app's Clock to `minutesAfter` the job's planned end (back, if it was further on). */
  const afterEnd = (job: Record<string, unknown>, minutesAfter = 10) => {
    const clock = t.app.get(Clock);
    const target = Date.parse(String(job.endsAt)) + minutesAfter * 60_000;
    clock.travel(target - clock.now().getTime());
  };
  const submit = (professional: SignedInUser, jobId: string, body: Record<string, unknown> = {}) =>
    t.http
      .put(`/api/v1/jobs/${jobId}/timesheet`)
      .set(...bearer(professional))
      .send(body);
  const timesheetOf = (user: SignedInUser, jobId: string) =>
    t.http.get(`/api/v1/jobs/${jobId}/timesheet`).set(...bearer(user));
  const approve = (user: SignedInUser, jobId: string) =>
    t.http.post(`/api/v1/jobs/${jobId}/timesheet/approve`).set(...bearer(user));
  const dispute = (user: SignedInUser, jobId: string, body: Record<string, unknown>) =>
    t.http
      .post(`/api/v1/jobs/${jobId}/timesheet/dispute`)
      .set(...bearer(user))
      .send(body);
  const jobStatus = async (jobId: string) =>
    ((await t.db.pool.query(`SELECT status FROM jobs WHERE id = $1`, [jobId])).rows[0] as { status: string })
      .status;

  it('full shift: too early → 409; after the planned end submit → approve → completed, 72,000 pending', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    afterEnd(job, -60);
    const early = await submit(professional, job.id);
    expect(early.status).toBe(409);
    expect(early.body.type).toBe(`${PROBLEM}timesheet-too-early`);

    afterEnd(job);
    const submitted = await submit(professional, job.id);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual(
      expect.objectContaining({
        jobId: job.id,
        status: 'submitted',
        startTime: '08:00',
        endTime: '17:00',
        hours: 9,
        plannedHours: 9,
        capped: false,
        pay: 80_000,
        autoApproved: false,
      }),
    );
    const view = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(institution));
    expect(view.body.timesheet).toEqual(expect.objectContaining({ status: 'submitted', hours: 9 }));
    expect((await timesheetOf(institution, job.id)).body.status).toBe('submitted');
    expect((await timesheetOf(admin, job.id)).status).toBe(200);

    const approved = await approve(institution, job.id);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual(
      expect.objectContaining({ status: 'approved', decidedAt: expect.any(String) }),
    );
    expect(await jobStatus(job.id)).toBe('completed');
    expect(await earningsOf(t, professional)).toEqual(expect.objectContaining({ pending: 72_000 }));
    const asProfessional = await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(professional));
    expect(asProfessional.body).toEqual(
      expect.objectContaining({
        status: 'completed',
        timesheet: expect.objectContaining({ status: 'approved' }),
      }),
    );

    // Approving again answers the approved timesheet; nothing is earned twice. Resubmitting is refused.
    expect((await approve(institution, job.id)).status).toBe(200);
    expect((await earningsOf(t, professional)).pending).toBe(72_000);
    expect((await submit(professional, job.id)).status).toBe(409);
  });

  it('left alone, a timesheet is approved TIMESHEET_AUTO_APPROVE_HOURS after submission', async () => {
    const { institution, professional, job } = await paidJob(t, DAY_80K);
    afterEnd(job);
    expect((await submit(professional, job.id)).status).toBe(200);
    const worker = t.app.get(TimesheetAutoApproveWorker);
    await worker.approveDue();
    expect(await jobStatus(job.id)).toBe('paid');

    t.app.get(Clock).travel(AUTO_APPROVE_HOURS * 3_600_000 + 60_000);
    expect(await worker.approveDue()).toBeGreaterThanOrEqual(1);
    expect(await jobStatus(job.id)).toBe('completed');
    expect((await timesheetOf(institution, job.id)).body).toEqual(
      expect.objectContaining({ status: 'approved', autoApproved: true }),
    );
    expect((await earningsOf(t, professional)).pending).toBe(72_000);
    expect(await worker.approveDue()).toBe(0);
  });

  it('hourly 8 h, 6 h approved (mobile money): 54,000 pending, 20,000 back as institution credit', async () => {
    const { institution, professional, job } = await paidJob(t, HOURLY_8H);
    expect(job.amount).toBe(80_000);
    afterEnd(job);
    const submitted = await submit(professional, job.id, {
      startTime: '08:00',
      endTime: '14:30',
      breakMinutes: 30,
    });
    expect(submitted.body).toEqual(expect.objectContaining({ hours: 6, pay: 60_000, jobAmount: 80_000 }));

    expect((await approve(institution, job.id)).status).toBe(200);
    expect(await earningsOf(t, professional)).toEqual(expect.objectContaining({ pending: 54_000 }));
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(20_000);
    expect(await ledger.balance(job.id, 'job_escrow')).toBe(0);
  });

  it('hourly 8 h, 6 h approved (card): the 20,000 goes back as a partial RefundRequest', async () => {
    const { institution, professional, job, payment } = await paidJob(t, HOURLY_8H, undefined, {
      paymentMethod: 'Visa',
    });
    afterEnd(job);
    await submit(professional, job.id, { startTime: '08:00', endTime: '14:00' });
    expect((await approve(institution, job.id)).status).toBe(200);

    expect((await earningsOf(t, professional)).pending).toBe(54_000);
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(0);
    const refund = await eventually(async () => {
      const { rows } = await t.db.pool.query(
        `SELECT refund_status, refund_amount, refund_remarks FROM transactions WHERE id = $1`,
        [payment.transactionId],
      );
      return rows[0].refund_status === 'requested' ? rows[0] : null;
    });
    expect(refund).toEqual({
      refund_status: 'requested',
      refund_amount: 20_000,
      refund_remarks: 'Timesheet under plan',
    });
    expect(await jobStatus(job.id)).toBe('completed');
  });

  it('caps hours above the plan; resubmits while submitted; defaults the times to the plan', async () => {
    const { institution, professional, job } = await paidJob(t, HOURLY_8H);
    afterEnd(job);
    const over = await submit(professional, job.id, {
      startTime: '07:00',
      endTime: '18:00',
      breakMinutes: 30,
    });
    expect(over.status).toBe(200);
    expect(over.body).toEqual(
      expect.objectContaining({ hours: 8, claimedHours: 10.5, capped: true, pay: 80_000 }),
    );
    const again = await submit(professional, job.id, { endTime: '15:00', note: 'Left early, agreed.' });
    expect(again.body).toEqual(
      expect.objectContaining({
        startTime: '08:00',
        endTime: '15:00',
        hours: 7,
        note: 'Left early, agreed.',
      }),
    );
    // POST /jobs/:id/complete approves the submitted timesheet: its 7 hours are honoured.
    const completed = await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(institution));
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual(
      expect.objectContaining({
        status: 'completed',
        timesheet: expect.objectContaining({ status: 'approved', hours: 7 }),
      }),
    );
    expect((await earningsOf(t, professional)).pending).toBe(63_000);
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(10_000);
  });

  it('POST /jobs/:id/complete before the shift approves the plan (no timesheet)', async () => {
    const { institution, professional, job } = await paidJob(t, HOURLY_8H);
    t.app.get(Clock).travel(-t.app.get(Clock).now().getTime() + Date.now());
    const completed = await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(institution));
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual(expect.objectContaining({ status: 'completed', timesheet: null }));
    expect((await earningsOf(t, professional)).pending).toBe(72_000);
    expect((await timesheetOf(institution, job.id)).status).toBe(404);
  });

  it('two approvals at once complete the job once', async () => {
    const { institution, professional, job } = await paidJob(t, HOURLY_8H);
    afterEnd(job);
    await submit(professional, job.id, { endTime: '12:00' });
    const answers = await Promise.all([approve(institution, job.id), approve(institution, job.id)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await earningsOf(t, professional)).pending).toBe(36_000);
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(40_000);
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'job.completed' AND target_id = $1`,
      [job.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('dispute: a dispute opens, the job stays paid, nothing completes it until an admin resolves it', async () => {
    const { institution, professional, job } = await paidJob(t, HOURLY_8H);
    afterEnd(job);
    await submit(professional, job.id, { endTime: '14:00' });
    expect((await dispute(institution, job.id, {})).status).toBe(400);
    const disputed = await dispute(institution, job.id, { reason: 'She left at noon, not 14:00' });
    expect(disputed.status).toBe(200);
    expect(disputed.body.status).toBe('disputed');
    const disputes = await t.http.get(`/api/v1/jobs/${job.id}/disputes`).set(...bearer(professional));
    expect(disputes.body.items).toEqual([
      expect.objectContaining({ status: 'open', reason: 'She left at noon, not 14:00' }),
    ]);
    expect(await jobStatus(job.id)).toBe('paid');
    expect((await approve(institution, job.id)).body.type).toBe(`${PROBLEM}job-disputed`);
    expect((await submit(professional, job.id)).status).toBe(409);
    const complete = await t.http.post(`/api/v1/jobs/${job.id}/complete`).set(...bearer(institution));
    expect(complete.body.type).toBe(`${PROBLEM}job-disputed`);
    t.app.get(Clock).travel(AUTO_APPROVE_HOURS * 3_600_000 * 2);
    await t.app.get(TimesheetAutoApproveWorker).approveDue();
    expect(await jobStatus(job.id)).toBe('paid');

    // The admin's split decides the money; the timesheet is approved with the job's completion.
    const resolved = await resolveDispute(t, admin, disputes.body.items[0].id, {
      outcome: 'split',
      professionalAmount: 40_000,
      note: 'The ward book shows noon: four hours.',
    });
    expect(resolved.status).toBe(200);
    expect(await jobStatus(job.id)).toBe('completed');
    expect((await timesheetOf(professional, job.id)).body.status).toBe('approved');
    expect((await earningsOf(t, professional)).pending).toBe(36_000);
    expect(await ledger.balance(institution.id, 'institution_credit')).toBe(40_000);
  });

  it('a paid job with a timesheet is left to the timesheet sweep, not the job auto-complete', async () => {
    const { professional, job } = await paidJob(t, DAY_80K);
    afterEnd(job);
    await submit(professional, job.id);
    await moveJobToPast(t, job.id, 24 * 30);
    await t.app.get(JobLifecycleWorker).sweep();
    expect(await jobStatus(job.id)).toBe('paid');
  });

  it('strangers 404, wrong roles 403, bad bodies 400 changing nothing, unpaid jobs 409', async () => {
    const { institution, professional, job } = await paidJob(t, HOURLY_8H);
    afterEnd(job);
    const strangerPro = await professionalWithProfile(t);
    const strangerInst = await institutionWithProfile(t);
    expect((await submit(strangerPro, job.id)).status).toBe(404);
    expect((await submit(institution, job.id)).status).toBe(403);

    const bad: Record<string, unknown>[] = [
      { startTime: '25:00' },
      { endTime: '8am' },
      { startTime: null },
      { breakMinutes: -5 },
      { breakMinutes: 1.5 },
      { breakMinutes: 480 },
      { endTime: '07:00' },
      { startTime: '12:00', endTime: '12:00' },
      { note: '' },
      { note: 'x'.repeat(501) },
      { hours: 6 },
    ];
    for (const body of bad) {
      const res = await submit(professional, job.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await timesheetOf(professional, job.id)).status).toBe(404);
    expect(
      (await t.http.get(`/api/v1/jobs/${job.id}`).set(...bearer(professional))).body.timesheet,
    ).toBeNull();

    expect((await submit(professional, job.id)).status).toBe(200);
    for (const stranger of [strangerPro, strangerInst]) {
      expect((await timesheetOf(stranger, job.id)).status).toBe(404);
    }
    expect((await approve(strangerInst, job.id)).status).toBe(404);
    expect((await dispute(strangerInst, job.id, { reason: 'Never saw her' })).status).toBe(404);
    expect((await approve(professional, job.id)).status).toBe(403);
    expect((await dispute(professional, job.id, { reason: 'Pay me' })).status).toBe(403);
    expect((await dispute(institution, job.id, { reason: 'x'.repeat(201) })).status).toBe(400);
    expect((await t.http.get(`/api/v1/jobs/not-a-uuid/timesheet`).set(...bearer(institution))).status).toBe(
      400,
    );
    expect((await timesheetOf(institution, job.id)).body.status).toBe('submitted');
    expect(await jobStatus(job.id)).toBe('paid');

    const unpaid = await acceptedJob(t, undefined, HOURLY_8H);
    afterEnd(unpaid.job);
    const refused = await submit(unpaid.professional, unpaid.job.id);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(`${PROBLEM}job-not-paid`);
  });
});
