import type { TestApp } from '../helpers/test-app.js';
import { bearer, type SignedInUser } from './accounts.js';
import { kampalaDate, postJob, type PostedJob } from './jobs.js';
import { bulkVerifiedProfessionals, institutionWithProfile } from './profiles.js';

export interface AcceptedJob {
  institution: SignedInUser;
  professional: SignedInUser;
  job: PostedJob;
}

let dayOffset = 0;

/** An institution's job accepted by a verified nurse: 8:00–17:00 at 15,000 UGX/h = 135,000 UGX. */
export async function acceptedJob(
  t: TestApp,
  institution?: SignedInUser,
  jobOverrides: Record<string, unknown> = {},
): Promise<AcceptedJob> {
  const owner = institution ?? (await institutionWithProfile(t));
  const [professional] = await bulkVerifiedProfessionals(t, 1);
  const job = await postJob(t, owner, { date: kampalaDate(2 + (dayOffset++ % 300)), ...jobOverrides });
  const res = await t.http.post(`/api/v1/jobs/${job.id}/accept`).set(...bearer(professional));
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { institution: owner, professional, job };
}

/** `n` jobs of one institution, each accepted by its own verified nurse; their ids. */
export async function acceptedJobsOf(t: TestApp, institution: SignedInUser, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await acceptedJob(t, institution)).job.id);
  return ids;
}

/** POST /payments/initiate as `institution`, whatever it answers (sent when awaited or then()-ed). */
export function initiateRequest(t: TestApp, institution: SignedInUser, jobId: string) {
  return t.http
    .post('/api/v1/payments/initiate')
    .set(...bearer(institution))
    .send({ jobId });
}

export interface InitiatedPayment {
  transactionId: string;
  orderTrackingId: string;
  redirectUrl: string;
  status: string;
}

export async function initiatePayment(
  t: TestApp,
  institution: SignedInUser,
  jobId: string,
): Promise<InitiatedPayment> {
  const res = await t.http
    .post('/api/v1/payments/initiate')
    .set(...bearer(institution))
    .send({ jobId });
  if (res.status !== 201) throw new Error(`initiate failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as InitiatedPayment;
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function transactionRow(t: TestApp, id: string) {
  const { rows } = await t.db.pool.query(
    `SELECT t.status, t.payment_method, t.confirmation_code, t.refund_status, j.status AS job_status
       FROM transactions t JOIN jobs j ON j.id = t.job_id WHERE t.id = $1`,
    [id],
  );
  return rows[0] as {
    status: string;
    payment_method: string | null;
    confirmation_code: string | null;
    refund_status: string | null;
    job_status: string;
  };
}

/** The emulator's test-control API (src/pesapal-emulator), over HTTP. */
export function emulatorControl(t: TestApp) {
  const origin = t.pesapal.origin;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    setOutcome: (orderTrackingId: string, body: Record<string, unknown>) =>
      call('POST', `/orders/${orderTrackingId}/outcome`, body),
    deliverIpn: (orderTrackingId: string, copies = 1) =>
      call('POST', `/orders/${orderTrackingId}/ipn`, { copies }),
    order: (orderTrackingId: string) => call('GET', `/orders/${orderTrackingId}`),
    calls: async (operation?: string): Promise<{ operation: string; orderTrackingId: string | null }[]> => {
      const all = (await call('GET', '/calls')) as { operation: string; orderTrackingId: string | null }[];
      return operation ? all.filter((c) => c.operation === operation) : all;
    },
    clearCalls: () => call('DELETE', '/calls'),
    ipnAttempts: (orderTrackingId: string): Promise<{ acknowledged: boolean; httpStatus: number }[]> =>
      call('GET', `/ipn-attempts?orderTrackingId=${orderTrackingId}`),
    fault: (operation: string, mode: 'http500' | 'timeout' | 'bad-json', times?: number) =>
      call('POST', '/faults', { operation, mode, times }),
    /** PesaPal answers `operation` normally, but only after `delayMs`. */
    slow: (operation: string, delayMs: number, times?: number) =>
      call('POST', '/faults', { operation, mode: 'slow', times, delayMs }),
    clearFaults: () => call('DELETE', '/faults'),
    expireTokens: () => call('POST', '/tokens/expire'),
    switches: (body: Record<string, unknown>) => call('PUT', '/switches', body),
    processRefund: (orderTrackingId: string, approve: boolean) =>
      call('POST', `/refunds/${orderTrackingId}/process`, { approve }),
  };
}

/**
 * What a browser does on the hosted page: load it, submit the form with the chosen button, and return
 * where PesaPal sends the browser next (our callback URL).
 */
export async function payOnHostedPage(
  redirectUrl: string,
  outcome: 'mtn' | 'airtel' | 'card' | 'fail' | 'cancel',
) {
  const page = await fetch(redirectUrl);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/i.exec(html)?.[1];
  const trackingId =
    /name="OrderTrackingId"[^>]*value="([^"]+)"/i.exec(html)?.[1] ??
    /value="([^"]+)"[^>]*name="OrderTrackingId"/i.exec(html)?.[1];
  if (!action || !trackingId) throw new Error(`no payment form on the hosted page: ${html.slice(0, 300)}`);
  const res = await fetch(new URL(action, redirectUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ OrderTrackingId: trackingId, outcome }).toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (!location) throw new Error(`hosted page answered ${res.status} without a redirect`);
  return new URL(location, redirectUrl);
}

/**
 * An accepted job paid through the emulator (IPN applied): its institution, professional, job and payment.
 * `jobOverrides` shape the job, e.g. `{ rate: 80000, rateType: 'daily' }` for an 80,000 UGX day. Paid with
 * mobile money (MTNUG) unless `options.paymentMethod` says otherwise (`'Visa'`: a card, refundable in part).
 */
export async function paidJob(
  t: TestApp,
  jobOverrides: Record<string, unknown> = {},
  institution?: SignedInUser,
  options: { paymentMethod?: string } = {},
) {
  const accepted = await acceptedJob(t, institution, jobOverrides);
  const payment = await initiatePayment(t, accepted.institution, accepted.job.id);
  const emulator = emulatorControl(t);
  await emulator.setOutcome(payment.orderTrackingId, {
    status: 'COMPLETED',
    ipn: 'none',
    ...(options.paymentMethod && { paymentMethod: options.paymentMethod }),
  });
  await emulator.deliverIpn(payment.orderTrackingId);
  await eventually(async () => (await transactionRow(t, payment.transactionId)).job_status === 'paid');
  return { ...accepted, payment };
}
