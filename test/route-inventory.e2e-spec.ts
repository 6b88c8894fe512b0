import { signedInUser, type SignedInUser } from './factories/accounts.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const METRICS_TOKEN = 'route-inventory-metrics-token';

/**
 * Routes Swagger does not show, each with how it is protected. Anything the router has that is neither in
 * /docs-json nor here fails the inventory, so a hidden route cannot slip in unreviewed.
 */
const HIDDEN_ROUTES: Record<string, 'public' | 'metrics-token'> = {
  'GET /metrics': 'metrics-token',
};
/** Swagger UI's own pages and assets. */
const DOCUMENTATION_ROUTE = /^\/docs(-json|-yaml)?(\/|$)/;

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
    t = await startTestApp({ env: { METRICS_TOKEN } });
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

  it("inventories Nest's router: every route is in /docs-json or reviewed as hidden", () => {
    const documented = new Set(operations.map(({ route }) => route.replace(/\{[^}]+\}/g, ':param')));
    const routed = t.routes
      .filter(({ method, url }) => !['HEAD', 'OPTIONS'].includes(method) && !DOCUMENTATION_ROUTE.test(url))
      .map(({ method, url }) => `${method} ${url.replace(/:[A-Za-z]+/g, ':param')}`);
    expect(routed.length).toBeGreaterThanOrEqual(operations.length);
    const unreviewed = [...new Set(routed)].filter(
      (route) => !documented.has(route) && !HIDDEN_ROUTES[route],
    );
    expect(unreviewed).toEqual([]);
    for (const route of Object.keys(HIDDEN_ROUTES)) expect(routed).toContain(route);
  });

  it('protects every hidden route as reviewed', async () => {
    for (const [route, access] of Object.entries(HIDDEN_ROUTES)) {
      const [method, path] = route.split(' ');
      const call = (t.http as unknown as Record<string, (u: string) => ReturnType<TestApp['http']['get']>>)[
        method.toLowerCase()
      ];
      if (access === 'metrics-token') {
        const refused = await call(path);
        expect({ route, status: refused.status }).toEqual({ route, status: 401 });
        expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
        const allowed = await call(path).set('Authorization', `Bearer ${METRICS_TOKEN}`);
        expect({ route, status: allowed.status }).toEqual({ route, status: 200 });
      } else {
        expect((await call(path)).status).not.toBe(401);
      }
    }
  });

  it('refuses every /admin route to a professional and to an institution with 403', async () => {
    const callers: SignedInUser[] = [
      await signedInUser(t, { role: 'professional', verified: true }),
      await signedInUser(t, { role: 'institution', verified: true }),
    ];
    const adminOps = operations.filter(({ path }) => path.startsWith('/api/v1/admin/'));
    expect(adminOps.length).toBeGreaterThan(5);
    for (const caller of callers) {
      for (const { method, path, route } of adminOps) {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await (
          t.http as unknown as Record<string, (u: string) => ReturnType<TestApp['http']['get']>>
        )
          [method](url)
          .set('Authorization', `Bearer ${caller.accessToken}`);
        expect({ route, role: caller.role, status: res.status }).toEqual({
          route,
          role: caller.role,
          status: 403,
        });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
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
