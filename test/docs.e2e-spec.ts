import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('API documentation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs as HTML that loads', async () => {
    const res = await t.http.get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui');
    const initScript = res.text.match(/src="([^"]*swagger-ui-init\.js)"/)?.[1];
    expect(initScript).toBeDefined();
    const script = await t.http.get(
      initScript!.startsWith('/') ? initScript! : `/docs/${initScript!.replace(/^\.\//, '')}`,
    );
    expect(script.status).toBe(200);
  });

  it('serves an OpenAPI 3 document at /docs-json with the bearer scheme and the health routes', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Qgig API');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready']));
    expect(doc.components.schemas.ProblemDetailsDto).toBeDefined();
  });

  it('documents every API route: a summary, a tag, a success answer and its error answers', async () => {
    const doc = (await t.http.get('/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>
      >;
    };
    const gaps: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(methods)) {
        const statuses = Object.keys(op.responses ?? {});
        if (!op.summary) gaps.push(`${method} ${path}: no summary`);
        if (!op.tags?.length) gaps.push(`${method} ${path}: no tag`);
        if (!statuses.some((s) => /^[23]\d\d$/.test(s))) gaps.push(`${method} ${path}: no success response`);
        // PesaPal's IPN always gets 200 with an acknowledgement body; everything else taking a body can fail.
        const hasBody = ['post', 'put', 'patch'].includes(method) && path !== '/api/v1/payments/webhook';
        if (hasBody && !statuses.some((s) => /^4\d\d$/.test(s)))
          gaps.push(`${method} ${path}: no error response`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('lists every route of API.md', async () => {
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':id')}`),
    );
    const expected = [
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/logout',
      'GET /api/v1/auth/sessions',
      'DELETE /api/v1/auth/sessions/:id',
      'POST /api/v1/auth/verify-email',
      'POST /api/v1/auth/verify-email/resend',
      'POST /api/v1/auth/password/forgot',
      'POST /api/v1/auth/password/reset',
      'POST /api/v1/auth/password/change',
      'POST /api/v1/auth/2fa/setup',
      'POST /api/v1/auth/2fa/enable',
      'POST /api/v1/auth/2fa/disable',
      'GET /api/v1/users/me',
      'PATCH /api/v1/users/me',
      'GET /api/v1/users/me/export',
      'DELETE /api/v1/users/me',
      'GET /api/v1/professional/profile',
      'PUT /api/v1/professional/profile',
      'GET /api/v1/professionals/:id',
      'POST /api/v1/professional/documents',
      'GET /api/v1/professional/documents',
      'GET /api/v1/professional/documents/:id/file',
      'GET /api/v1/institution/profile',
      'PUT /api/v1/institution/profile',
      'GET /api/v1/institutions/:id',
      'POST /api/v1/jobs',
      'PATCH /api/v1/jobs/:id',
      'DELETE /api/v1/jobs/:id',
      'GET /api/v1/institution/jobs',
      'GET /api/v1/jobs',
      'GET /api/v1/jobs/:id',
      'GET /api/v1/jobs/:id/candidates',
      'POST /api/v1/jobs/:id/accept',
      'POST /api/v1/jobs/:id/cancel',
      'POST /api/v1/jobs/:id/complete',
      'GET /api/v1/professional/jobs',
      'POST /api/v1/payments/initiate',
      'GET /api/v1/payments/webhook',
      'POST /api/v1/payments/webhook',
      'GET /api/v1/payments/callback',
      'GET /api/v1/payments',
      'GET /api/v1/payments/:id',
      'POST /api/v1/admin/payments/:id/refund',
      'GET /api/v1/admin/documents',
      'POST /api/v1/admin/documents/:id/approve',
      'POST /api/v1/admin/documents/:id/reject',
      'GET /api/v1/admin/professionals/pending',
    ];
    expect(routes).toEqual(expect.arrayContaining(expected));
  });
});
