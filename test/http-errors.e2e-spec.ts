import { startTestApp, type TestApp } from './helpers/test-app.js';
import { ProbeModule } from './support/probe.module.js';

const PROBLEM_JSON = /^application\/problem\+json/;

function expectProblemShape(body: Record<string, unknown>, status: number, instance: string): void {
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https:\/\/qgig\.ug\/problems\/[a-z-]+$/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance,
      requestId: expect.any(String),
    }),
  );
}

describe('HTTP errors are RFC 9457 problem+json', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
  });
  afterAll(() => t.close());

  it('answers an unknown route with 404 problem+json that points at the API', async () => {
    const res = await t.http.get('/nope?x=1');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expectProblemShape(res.body, 404, '/nope');
    expect(res.body.type).toBe('https://qgig.ug/problems/route-not-found');
    expect(res.body.detail).toContain('/api/v1');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers an unknown route under /api/v1 and a wrong method the same way', async () => {
    for (const res of [await t.http.get('/api/v1/nope'), await t.http.delete('/health')]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('lists every invalid field, nested ones by path, and refuses unknown fields', async () => {
    const res = await t.http
      .post('/api/v1/test-probe/signup')
      .send({ email: 'not-an-email', age: 7, address: { city: 'K' }, role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expectProblemShape(res.body, 400, '/api/v1/test-probe/signup');
    expect(res.body.type).toBe('https://qgig.ug/problems/validation-failed');
    const fields = (res.body.errors as { field: string; message: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'age', 'address.city', 'role']));
    for (const error of res.body.errors) expect(error.message).toEqual(expect.any(String));
    expect(res.body.errors).toContainEqual({ field: 'role', message: 'property role should not exist' });
  });

  it('accepts the same route with a valid body', async () => {
    const res = await t.http
      .post('/api/v1/test-probe/signup')
      .send({ email: 'amina@example.ug', age: 30, address: { city: 'Kampala' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ accepted: 'amina@example.ug' });
  });

  it('hides internals of an unexpected error behind a 500 and logs it with the request id', async () => {
    const res = await t.http.get('/api/v1/test-probe/crash').set('X-Request-Id', 'crash-probe-1');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expectProblemShape(res.body, 500, '/api/v1/test-probe/crash');
    expect(res.body.requestId).toBe('crash-probe-1');
    expect(JSON.stringify(res.body)).not.toMatch(/Kaboom|secret\.ts|stack|at /);

    const logged = await t.logs.waitFor((entry) => entry.msg === 'Unhandled error');
    expect(logged).toMatchObject({ level: 50, requestId: 'crash-probe-1' });
    expect(JSON.stringify(logged)).toContain('Kaboom');
  });

  it('never shows SQL text when a query fails', async () => {
    const res = await t.http.get('/api/v1/test-probe/bad-sql');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toMatch(/SELECT|password_hash|table_that_does_not_exist|relation/i);
  });

  it('answers a unique violation with 409 and no constraint internals', async () => {
    const res = await t.http.get('/api/v1/test-probe/duplicate');
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('https://qgig.ug/problems/conflict');
    expect(JSON.stringify(res.body)).not.toMatch(/probe_unique|duplicate key/);
  });

  it('refuses malformed JSON with 400 and a body over 1 MB with 413', async () => {
    const malformed = await t.http
      .post('/api/v1/test-probe/signup')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(malformed.body.detail).toBe('The request body is not valid JSON.');

    const huge = await t.http
      .post('/api/v1/test-probe/signup')
      .send({ email: 'a@b.ug', age: 30, address: { city: 'x'.repeat(1024 * 1024 + 10) } });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(huge.body.detail).toContain('1 MB');
  });
});

describe('Request ids', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
  });
  afterAll(() => t.close());

  it('echoes a sane X-Request-Id and uses it in the logs', async () => {
    const res = await t.http
      .post('/api/v1/test-probe/signup')
      .set('X-Request-Id', 'client-abc.123')
      .send({ email: 'amina@example.ug', age: 30, address: { city: 'Kampala' } });
    expect(res.headers['x-request-id']).toBe('client-abc.123');
    const line = await t.logs.waitFor((entry) => entry.requestId === 'client-abc.123');
    expect(line).toMatchObject({ msg: 'request completed', res: { statusCode: 201 } });
  });

  it('replaces an unsafe or oversized one with a fresh UUID', async () => {
    for (const sent of ['bad id with spaces', 'x'.repeat(200), '<script>']) {
      const res = await t.http.get('/health').set('X-Request-Id', sent);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('gives every request its own id when none is sent', async () => {
    const [a, b] = await Promise.all([t.http.get('/health'), t.http.get('/health')]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe('Security headers, CORS and rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { CORS_ORIGINS: 'https://app.qgig.ug', RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' },
      imports: [ProbeModule],
    });
  });
  afterAll(() => t.close());

  it('sends helmet headers and allows only the configured origin', async () => {
    const allowed = await t.http.get('/health').set('Origin', 'https://app.qgig.ug');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['content-security-policy']).toContain("default-src 'self'");
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.qgig.ug');

    const other = await t.http.get('/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 429 problem+json with Retry-After past the limit, and never throttles /health', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.http.post('/api/v1/test-probe/signup').send({});
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    expect(last!.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body.type).toBe('https://qgig.ug/problems/rate-limited');
    expect(last!.body.detail).toMatch(/Retry in/);

    for (let i = 0; i < 5; i++) expect((await t.http.get('/health')).status).toBe(200);
  });
});
