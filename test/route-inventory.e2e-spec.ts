import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Routes anyone may call without a token. Anything else must be documented with the bearer scheme. */
const PUBLIC_ROUTES = new Set([
  'GET /health',
  'GET /health/ready',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/verify-email',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'GET /api/v1/catalogue/districts',
  'GET /api/v1/catalogue/skills',
  'GET /api/v1/payments/webhook',
  'POST /api/v1/payments/webhook',
  'GET /api/v1/payments/callback',
]);

interface Operation {
  security?: Record<string, string[]>[];
}

describe('Route inventory: every route declares its access', () => {
  let t: TestApp;
  let operations: { route: string; method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    t = await startTestApp();
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        route: `${method.toUpperCase()} ${path}`,
        method,
        path,
        op,
      })),
    );
  });
  afterAll(() => t.close());

  it('documents the bearer scheme on every route that is not in the public list', () => {
    const undeclared = operations.filter(
      ({ route, op }) => !PUBLIC_ROUTES.has(route) && !op.security?.length,
    );
    expect(undeclared.map((o) => o.route)).toEqual([]);
    expect(operations.length).toBeGreaterThan(PUBLIC_ROUTES.size);
  });

  it('answers 401 problem+json to every protected route called without a token', async () => {
    const protectedOps = operations.filter(({ route }) => !PUBLIC_ROUTES.has(route));
    for (const { method, path, route } of protectedOps) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await (
        t.http as unknown as Record<
          string,
          (u: string) => Promise<{ status: number; headers: Record<string, string> }>
        >
      )[method](url);
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('never answers 401 to a public route called without a token', async () => {
    for (const route of PUBLIC_ROUTES) {
      const [method, path] = route.split(' ');
      const res = await (t.http as unknown as Record<string, (u: string) => Promise<{ status: number }>>)[
        method.toLowerCase()
      ](path);
      expect({ route, status: res.status }).not.toEqual({ route, status: 401 });
    }
  });
});
