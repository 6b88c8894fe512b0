import { Clock } from '../src/common/clock/clock.js';
import { TimesheetAutoApproveWorker } from '../src/modules/shifts/timesheet-auto-approve.worker.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { paidJob } from './factories/payments.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_80K = { rate: 80_000, rateType: 'daily' };

/** A whole shift over HTTP, time moved with the Clock: booked, confirmed, attended, accounted for, paid. */
describe('A shift from acceptance to earnings', () => {
  let t: TestApp;
  let clock: Clock;
  beforeAll(async () => {
    t = await startTestApp({ env: { PLATFORM_FEE_PERCENT: '10', TIMESHEET_AUTO_APPROVE_HOURS: '48' } });
    clock = t.app.get(Clock);
  });
  afterEach(() => clock.travel(Date.now() - clock.now().getTime()));
  afterAll(() => t.close());

  const travelTo = (instant: number) => clock.travel(instant - clock.now().getTime());
  const post = (user: SignedInUser, path: string, body: object = {}) =>
    t.http
      .post(`/api/v1/jobs/${path}`)
      .set(...bearer(user))
      .send(body);
  const code = async (institution: SignedInUser, jobId: string) => {
    const res = await t.http.get(`/api/v1/jobs/${jobId}/attendance-code`).set(...bearer(institution));
    expect(res.status).toBe(200);
    return res.body.code as string;
  };
  const earnings = async (professional: SignedInUser) =>
    (await t.http.get('/api/v1/professional/earnings').set(...bearer(professional))).body as {
      pending: number;
    };
  const job = async (user: SignedInUser, jobId: string) =>
    (await t.http.get(`/api/v1/jobs/${jobId}`).set(...bearer(user))).body as Record<string, unknown>;

  /** Accept → pay → confirm → code → check-in → check-out → timesheet: the booked job, ready to be approved. */
  async function attendedShift() {
    const booked = await paidJob(t, DAY_80K);
    const { institution, professional } = booked;
    const jobId = booked.job.id;
    const startsAt = new Date(booked.job.startsAt as string).getTime();
    const endsAt = new Date(booked.job.endsAt as string).getTime();
    expect((await post(professional, `${jobId}/confirm`)).status).toBe(200);

    travelTo(startsAt - 15 * MINUTE);
    expect(
      (await post(professional, `${jobId}/check-in`, { code: await code(institution, jobId) })).status,
    ).toBe(200);
    travelTo(endsAt + 10 * MINUTE);
    expect(
      (await post(professional, `${jobId}/check-out`, { code: await code(institution, jobId) })).status,
    ).toBe(200);

    const timesheet = await t.http
      .put(`/api/v1/jobs/${jobId}/timesheet`)
      .set(...bearer(professional))
      .send({});
    expect(timesheet.status).toBe(200);
    expect(timesheet.body).toEqual(expect.objectContaining({ status: 'submitted' }));
    expect(await job(institution, jobId)).toEqual(
      expect.objectContaining({
        status: 'paid',
        confirmedAt: expect.any(String),
        checkedInAt: expect.any(String),
        checkedOutAt: expect.any(String),
        timesheet: expect.objectContaining({ status: 'submitted' }),
      }),
    );
    return { ...booked, jobId };
  }

  it('approved by the institution: completed, 72,000 of 80,000 earned (10 % fee)', async () => {
    const { institution, professional, jobId } = await attendedShift();
    const approved = await post(institution, `${jobId}/timesheet/approve`);
    expect(approved.status).toBe(200);
    expect(await job(institution, jobId)).toEqual(
      expect.objectContaining({
        status: 'completed',
        timesheet: expect.objectContaining({ status: 'approved' }),
      }),
    );
    expect((await earnings(professional)).pending).toBe(72_000);

    const exported = await t.http.get('/api/v1/users/me/export').set(...bearer(professional));
    expect(exported.body.shifts).toEqual([
      expect.objectContaining({
        job_id: jobId,
        checked_in_at: expect.any(String),
        checked_out_at: expect.any(String),
      }),
    ]);
    expect(exported.body.timesheets).toEqual([
      expect.objectContaining({ job_id: jobId, status: 'approved' }),
    ]);
  });

  it('left alone: approved TIMESHEET_AUTO_APPROVE_HOURS after submission, with the same earnings', async () => {
    const { institution, professional, jobId } = await attendedShift();
    const worker = t.app.get(TimesheetAutoApproveWorker);
    await worker.approveDue();
    expect((await job(institution, jobId)).status).toBe('paid');

    clock.travel(48 * HOUR + MINUTE);
    await worker.approveDue();
    expect(await job(institution, jobId)).toEqual(
      expect.objectContaining({
        status: 'completed',
        timesheet: expect.objectContaining({ status: 'approved', autoApproved: true }),
      }),
    );
    expect((await earnings(professional)).pending).toBe(72_000);
  });
});
