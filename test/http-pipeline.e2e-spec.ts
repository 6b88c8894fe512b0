import { securityHeaders } from '../src/common/http/security-headers.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { heldRequests, ProbeModule } from './support/probe.module.js';

// The per-request work moved from Express-style middleware to Fastify hooks and precomputed headers
// (issue "Performance, round 2"); these pin down that every behaviour is still there.
describe('Per-request behaviour: headers, rate limit, request log line', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://app.qgig.ug', RATE_LIMIT_MAX: '50' } });
  });
  afterAll(() => t.close());

  it('sends every security header, the request id, CORS and the rate-limit headers on an API route', async () => {
    const res = await t.http
      .get('/api/v1/catalogue/districts')
      .set('Origin', 'https://app.qgig.ug')
      .set('X-Request-Id', 'pipeline-check-1');
    expect(res.status).toBe(200);
    const expected = securityHeaders({ env: 'test' });
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(10);
    for (const [name, value] of Object.entries(expected)) expect(res.headers[name]).toBe(value);
    expect(res.headers['x-request-id']).toBe('pipeline-check-1');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.qgig.ug');
    expect(res.headers['x-ratelimit-limit']).toBe('50');
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(50);
  });

  it('writes one request line with the id, method, URL, address, status and time', async () => {
    await t.http.get('/api/v1/catalogue/skills?profession=nurse').set('X-Request-Id', 'pipeline-check-2');
    const line = await t.logs.waitFor((entry) => entry.requestId === 'pipeline-check-2');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v1/catalogue/skills?profession=nurse' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(t.logs.entries().filter((entry) => entry.requestId === 'pipeline-check-2')).toHaveLength(1);
  });

  it('logs a refused request at warn and keeps the bearer token out of the log', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.not-a-real-token.signature';
    await t.http
      .get('/api/v1/jobs')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'pipeline-check-3');
    const line = await t.logs.waitFor((entry) => entry.requestId === 'pipeline-check-3');
    expect(line).toMatchObject({ level: 40, res: { statusCode: 401 } });
    expect(t.logs.text()).not.toContain(token);
  });

  it("keeps idle connections open for Fastify's 72 s, longer than a load balancer's usual 60 s", async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    expect(res.headers.get('keep-alive')).toBe('timeout=72');
  });

  it('does not log health checks', async () => {
    await t.http.get('/health').set('X-Request-Id', 'pipeline-check-4');
    await t.http.get('/api/v1/catalogue/districts').set('X-Request-Id', 'pipeline-check-5');
    await t.logs.waitFor((entry) => entry.requestId === 'pipeline-check-5');
    expect(t.logs.entries().some((entry) => entry.requestId === 'pipeline-check-4')).toBe(false);
  });
});

describe('Load shedding (MAX_IN_FLIGHT)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { MAX_IN_FLIGHT: '3', REFUSAL_DELAY_MS: '100', CORS_ORIGINS: 'https://app.qgig.ug' },
      imports: [ProbeModule],
    });
  });
  afterAll(async () => {
    heldRequests.releaseAll();
    await t.close();
  });

  async function untilHeld(count: number): Promise<void> {
    while (heldRequests.waiting.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('answers one request past the limit with 503 problem+json and Retry-After after a pause, serves it again later', async () => {
    const held = [1, 2, 3].map(() => fetch(`${t.baseUrl}/api/v1/test-probe/hold`));
    await untilHeld(3);

    const askedAt = performance.now();
    const refused = await t.http
      .get('/api/v1/catalogue/districts')
      .set('X-Request-Id', 'shed-check-1')
      .set('Origin', 'https://app.qgig.ug');
    expect(refused.status).toBe(503);
    // Held for REFUSAL_DELAY_MS first, so a client that retries at once asks a few times a second at most.
    expect(performance.now() - askedAt).toBeGreaterThanOrEqual(95);
    // A browser app can read the refusal and when to retry.
    expect(refused.headers['access-control-allow-origin']).toBe('https://app.qgig.ug');
    expect(refused.headers['access-control-expose-headers']).toBe(
      'X-Request-Id, Retry-After, Idempotent-Replayed',
    );
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-request-id']).toBe('shed-check-1');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.body).toEqual({
      type: 'https://qgig.ug/problems/overloaded',
      title: 'Service Unavailable',
      status: 503,
      detail: expect.stringContaining('retry in 1 s'),
      instance: '/api/v1/catalogue/districts',
      requestId: 'shed-check-1',
    });
    // A load balancer can still tell "busy" from "down".
    expect((await t.http.get('/health')).status).toBe(200);

    heldRequests.releaseAll();
    for (const response of await Promise.all(held)) expect(response.status).toBe(200);
    expect((await t.http.get('/api/v1/catalogue/districts')).status).toBe(200);
  });

  it('frees the place of a request whose client went away', async () => {
    const aborts = [1, 2, 3].map(() => new AbortController());
    const held = aborts.map((abort) =>
      fetch(`${t.baseUrl}/api/v1/test-probe/hold`, { signal: abort.signal }).catch(() => 'aborted'),
    );
    await untilHeld(3);
    const foreign = await t.http
      .get('/api/v1/catalogue/districts')
      .set('Origin', 'https://elsewhere.example');
    expect(foreign.status).toBe(503);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    for (const abort of aborts) abort.abort();
    await Promise.all(held);
    // The handlers are still waiting, but their clients are gone: their places are free.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await t.http.get('/api/v1/catalogue/districts')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(200);
    heldRequests.releaseAll();
  });
});
