import { randomBytes, randomUUID } from 'node:crypto';
import { acceptedJob, initiatePayment } from './factories/payments.js';
import {
  CuttableTcpProxy,
  startAppWithCuttableDatabase,
  type AppWithCuttableDatabase,
} from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const TOKEN = 'metrics-scrape-token-for-tests-0123';

/** The value of an unlabelled sample, e.g. `qgig_mail_outbox_pending 3`; undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * GET /metrics until `until` holds (default: at once). A request is timed in Fastify's onResponse hook, a
 * moment after the client has its answer, so a scrape right after a request may not count it yet.
 */
interface ScrapeOptions {
  /** null: send no Authorization header. */
  token?: string | null;
  until?: (text: string) => boolean;
}

async function scrape(
  app: TestApp,
  { token = TOKEN, until = () => true }: ScrapeOptions = {},
): Promise<string> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const req = app.http.get('/metrics');
    const res = await (token === null ? req : req.set('Authorization', `Bearer ${token}`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    if (until(res.text) || Date.now() > deadline) return res.text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('answers 401 problem+json with WWW-Authenticate: Bearer without the token or with a wrong one', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, 'Bearer short', TOKEN]) {
      const req = t.http.get('/metrics');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ type: 'https://qgig.ug/problems/unauthenticated', status: 401 });
      expect(res.text).not.toContain('http_request_duration_seconds');
    }
  });

  it('times requests by route template, never by raw URL', async () => {
    const id = randomUUID();
    const unknown = `/nope-${randomBytes(6).toString('hex')}`;
    await t.http.get('/api/v1/jobs');
    await t.http.get(`/api/v1/jobs/${id}`);
    expect((await t.http.get(unknown)).status).toBe(404);

    const text = await scrape(t, { until: (text) => text.includes('route="unmatched"') });
    const buckets = text
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_bucket{'));
    expect(buckets.some((line) => line.includes('route="/api/v1/jobs"'))).toBe(true);
    expect(buckets.some((line) => line.includes('route="/api/v1/jobs/:id"'))).toBe(true);
    expect(
      buckets.some(
        (line) =>
          /method="GET"/.test(line) && /route="unmatched"/.test(line) && /status_code="404"/.test(line),
      ),
    ).toBe(true);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/jobs",status_code="401"\} \d+$/m,
    );
    expect(text).not.toContain(id);
    expect(text).not.toContain(unknown);
  });

  it('reports the database pool and default process metrics', async () => {
    const text = await scrape(t);
    for (const name of [
      'qgig_db_pool_connections_in_use',
      'qgig_db_pool_connections_idle',
      'qgig_db_pool_waiting_requests',
    ]) {
      expect({ name, value: sample(text, name) }).toEqual({ name, value: expect.any(Number) });
      expect(sample(text, name)).toBeGreaterThanOrEqual(0);
    }
    expect(
      sample(text, 'qgig_db_pool_connections_in_use')! + sample(text, 'qgig_db_pool_connections_idle')!,
    ).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(sample(text, 'qgig_revocation_listener_up')).toEqual(expect.any(Number));
  });

  it('reports the mail outbox backlog', async () => {
    const before = await scrape(t);
    expect(sample(before, 'qgig_mail_outbox_pending')).toEqual(expect.any(Number));
    expect(sample(before, 'qgig_mail_outbox_oldest_due_age_seconds')).toEqual(expect.any(Number));

    await t.db.pool.query(
      `INSERT INTO mail_outbox (to_address, subject, text_body, html_body, next_attempt_at)
       VALUES ('ops@qgig.test', 'Backlog probe', 'text', '<p>html</p>', now() - interval '90 seconds')`,
    );
    const after = await scrape(t);
    expect(sample(after, 'qgig_mail_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'qgig_mail_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(89);
  });

  it('reports pending payments, the oldest one, and how overdue reconciliation is', async () => {
    const { institution, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    await t.db.pool.query(
      `UPDATE transactions SET created_at = now() - interval '10 minutes', next_check_at = now() - interval '2 minutes'
        WHERE id = $1`,
      [payment.transactionId],
    );
    const text = await scrape(t);
    expect(sample(text, 'qgig_payments_pending')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'qgig_payments_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(599);
    expect(sample(text, 'qgig_payments_reconciliation_lag_seconds')).toBeGreaterThanOrEqual(119);
  });

  it('is not in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    expect(Object.keys(doc.paths)).toContain('/health');
  });

  it('lets two apps in one process each serve their own metrics; open without METRICS_TOKEN, never rate limited', async () => {
    const other = await startTestApp({ env: { RATE_LIMIT_MAX: '2' } });
    try {
      const route = `/api/v1/jobs/${randomUUID()}`;
      await t.http.get(route);
      for (let i = 0; i < 4; i++) expect((await other.http.get('/metrics')).status).toBe(200);
      const mine = await scrape(t, { until: (text) => text.includes(`route="/api/v1/jobs/:id"`) });
      const theirs = await scrape(other, {
        token: null,
        until: (text) => text.includes('route="/metrics"'),
      });
      expect(theirs).toContain('route="/metrics"');
      expect(theirs).not.toContain('route="/api/v1/jobs/:id"');
      expect(mine).toContain('route="/api/v1/jobs/:id"');
      expect(sample(theirs, 'qgig_mail_outbox_pending')).toEqual(expect.any(Number));
    } finally {
      await other.close();
    }
  });
});

describe('GET /metrics while the database is down', () => {
  let app: AppWithCuttableDatabase;
  let t: TestApp;
  let proxy: CuttableTcpProxy;

  beforeAll(async () => {
    app = await startAppWithCuttableDatabase();
    ({ t, database: proxy } = app);
  });
  afterAll(() => app.close());

  it('still answers, without the gauges read from tables, and logs why', async () => {
    expect((await t.http.get('/health')).status).toBe(200);
    await scrape(t, { until: (text) => text.includes('route="/health"') });
    await proxy.cut();
    const text = await scrape(t);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/health",status_code="200"\} 1$/m,
    );
    expect(sample(text, 'qgig_db_pool_waiting_requests')).toEqual(expect.any(Number));
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).not.toContain('qgig_mail_outbox_pending');
    expect(text).not.toContain('qgig_payments_pending');
    expect(await t.logs.waitFor((entry) => /backlog query failed/.test(String(entry.msg)))).toBeDefined();

    expect(
      sample(
        await scrape(t, { until: (text) => sample(text, 'qgig_revocation_listener_up') === 0 }),
        'qgig_revocation_listener_up',
      ),
    ).toBe(0);

    await proxy.restore();
    const back = await scrape(t, { until: (text) => text.includes('qgig_mail_outbox_pending ') });
    expect(sample(back, 'qgig_mail_outbox_pending')).toEqual(expect.any(Number));
    // The listener reconnects on its own backoff (at most 5 s between attempts).
    const deadline = Date.now() + 10_000;
    while (sample(await scrape(t), 'qgig_revocation_listener_up') !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sample(await scrape(t), 'qgig_revocation_listener_up')).toBe(1);
  });
});
