import { Clock } from '../src/common/clock/clock.js';
import { bearer, type SignedInUser } from './factories/accounts.js';
import { paidJob } from './factories/payments.js';
import { signedInAdmin } from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
const MINUTE = 60_000;

/** A reported no-show counts against the professional, who may dispute it; an admin upholds or overturns it. */
describe('Disputing a no-show', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let clock: Clock;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
    clock = t.app.get(Clock);
  });
  afterEach(() => clock.travel(Date.now() - clock.now().getTime()));
  afterAll(() => t.close());

  /** A booked shift nobody checked in to, reported as a no-show an hour and a minute after its start. */
  async function reportedNoShow() {
    const booked = await paidJob(t);
    clock.travel(new Date(booked.job.startsAt as string).getTime() + 61 * MINUTE - clock.now().getTime());
    const res = await t.http.post(`/api/v1/jobs/${booked.job.id}/no-show`).set(...bearer(booked.institution));
    expect(res.status).toBe(200);
    return booked;
  }
  const noShows = async (professional: SignedInUser) =>
    (await t.http.get(`/api/v1/professionals/${professional.id}`).set(...bearer(admin))).body.reliability
      .noShows as number;
  const dispute = (user: SignedInUser, jobId: string) =>
    t.http
      .post(`/api/v1/jobs/${jobId}/disputes`)
      .set(...bearer(user))
      .send({ reason: 'I was there; the school never showed me the code.' });
  const resolve = (disputeId: string, outcome: string) =>
    t.http
      .post(`/api/v1/admin/disputes/${disputeId}/resolve`)
      .set(...bearer(admin))
      .send({ outcome, note: 'Checked with the head teacher.' });

  it('the professional disputes it; release overturns it (no longer counted), refund upholds it', async () => {
    const first = await reportedNoShow();
    expect(await noShows(first.professional)).toBe(1);
    expect((await dispute(first.institution, first.job.id)).status).toBe(409); // the institution has nothing to dispute
    const opened = await dispute(first.professional, first.job.id);
    expect(opened.status).toBe(201);
    expect((await dispute(first.professional, first.job.id)).status).toBe(409); // one open dispute per job
    const split = await t.http
      .post(`/api/v1/admin/disputes/${opened.body.id}/resolve`)
      .set(...bearer(admin))
      .send({ outcome: 'split', professionalAmount: 1000, note: 'Half and half.' });
    expect(split.status).toBe(409);
    expect(split.body.type).toBe(`${PROBLEM}dispute-not-allowed`);
    expect((await resolve(opened.body.id, 'release')).status).toBe(200);
    expect(await noShows(first.professional)).toBe(0);

    const second = await reportedNoShow();
    const upheld = await dispute(second.professional, second.job.id);
    expect((await resolve(upheld.body.id, 'refund')).status).toBe(200);
    expect(await noShows(second.professional)).toBe(1);
  });

  it('closes DISPUTE_WINDOW_HOURS after the report', async () => {
    const { professional, job } = await reportedNoShow();
    await t.db.pool.query(
      `UPDATE reliability_events SET at = at - interval '49 hours' WHERE job_id = $1 AND kind = 'no_show'`,
      [job.id],
    );
    const late = await dispute(professional, job.id);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe(`${PROBLEM}dispute-not-allowed`);
  });
});
