import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM_SCHEMA = '#/components/schemas/ProblemDetailsDto';
/** Successes that carry no body (202: accepted, nothing to report; 204: no content). */
const BODILESS_SUCCESS = new Set(['202', '204']);
/**
 * The probes take no input, need no token and are never rate limited: no request makes them answer 4xx
 * (redocly.yaml exempts them from operation-4xx-response for the same reason).
 */
const NO_CLIENT_ERRORS = new Set(['GET /health', 'GET /health/ready']);

interface SchemaObject {
  type?: string;
  $ref?: string;
  properties?: Record<string, SchemaObject>;
  additionalProperties?: unknown;
  items?: SchemaObject;
  allOf?: unknown[];
  oneOf?: unknown[];
  anyOf?: unknown[];
}

interface OpenApiDocument {
  tags?: { name: string; description?: string }[];
  components: { schemas: Record<string, SchemaObject> };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        security?: unknown[];
        responses?: Record<
          string,
          { headers?: Record<string, unknown>; content?: Record<string, { schema?: SchemaObject }> }
        >;
      }
    >
  >;
}

/** `type: object` with nothing inside: what @nestjs/swagger emits when it cannot see the real type. */
function isBareObject(schema: SchemaObject): boolean {
  return (
    schema.type === 'object' &&
    !schema.properties &&
    schema.additionalProperties === undefined &&
    !schema.allOf &&
    !schema.oneOf &&
    !schema.anyOf
  );
}

interface RedoclyReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint --extends recommended` from the repository root, so redocly.yaml applies. */
async function redoclyLint(file: string): Promise<RedoclyReport> {
  const args = ['lint', '--extends', 'recommended', '--format=json', file];
  const options = {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  };
  // It exits 1 when there are errors; the JSON report on stdout says what they are either way.
  const stdout = await promisify(execFile)('node_modules/.bin/redocly', args, options).then(
    (result) => result.stdout,
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`redocly lint failed: ${error.stderr ?? String(error)}`);
      return error.stdout;
    },
  );
  return JSON.parse(stdout) as RedoclyReport;
}

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

  it('documents every operation: summary, declared tag, security, success schema, 4xx, problem+json errors', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApiDocument;
    const declaredTags = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    const gaps: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const route = `${method.toUpperCase()} ${path}`;
        const responses = Object.entries(op.responses ?? {});
        if (!op.summary) gaps.push(`${route}: no summary`);
        if (!op.tags?.length) gaps.push(`${route}: no tag`);
        for (const tag of op.tags ?? []) {
          if (!declaredTags.get(tag)) gaps.push(`${route}: tag ${tag} is not declared with a description`);
        }
        if (!Array.isArray(op.security)) gaps.push(`${route}: no security (@Public() or @Auth())`);

        const successes = responses.filter(([status]) => /^[23]\d\d$/.test(status));
        if (successes.length === 0) gaps.push(`${route}: no success response`);
        for (const [status, response] of successes) {
          if (status.startsWith('3')) {
            if (!response.headers?.Location)
              gaps.push(`${route}: redirect ${status} without a Location header`);
          } else if (!response.content) {
            if (!BODILESS_SUCCESS.has(status)) gaps.push(`${route}: ${status} without a body schema`);
          } else {
            for (const [mediaType, { schema }] of Object.entries(response.content)) {
              if (!schema) gaps.push(`${route}: ${status} ${mediaType} without a schema`);
            }
          }
        }

        if (!NO_CLIENT_ERRORS.has(route) && !responses.some(([status]) => /^4\d\d$/.test(status)))
          gaps.push(`${route}: no 4xx response`);
        for (const [status, response] of responses.filter(([s]) => /^[45]\d\d$/.test(s))) {
          const types = Object.keys(response.content ?? {});
          const schema = response.content?.['application/problem+json']?.schema;
          if (types.join() !== 'application/problem+json' || schema?.$ref !== PROBLEM_SCHEMA)
            gaps.push(`${route}: ${status} is not documented as problem+json (ApiProblem)`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('gives every schema property a real type (a nullable one needs `type:`, else it shows as an object)', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApiDocument;
    const untyped: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (isBareObject(value)) untyped.push(`${name}.${property}`);
        if (value.items && isBareObject(value.items)) untyped.push(`${name}.${property}[]`);
      }
    }
    expect(untyped).toEqual([]);
  });

  it("passes Redocly's recommended ruleset (redocly.yaml) with no error and no warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qgig-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, (await t.http.get('/docs-json')).text);
      const report = await redoclyLint(file);
      const problems = report.problems.map(
        (p) => `${p.severity} ${p.ruleId} ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`,
      );
      expect({ totals: report.totals, problems }).toEqual({
        totals: { errors: 0, warnings: 0, ignored: 0 },
        problems: [],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
      'POST /api/v1/jobs/:id/confirm',
      'GET /api/v1/jobs/:id/attendance-code',
      'POST /api/v1/jobs/:id/check-in',
      'POST /api/v1/jobs/:id/check-out',
      'POST /api/v1/jobs/:id/no-show',
      'PUT /api/v1/jobs/:id/timesheet',
      'GET /api/v1/jobs/:id/timesheet',
      'POST /api/v1/jobs/:id/timesheet/approve',
      'POST /api/v1/jobs/:id/timesheet/dispute',
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
      'GET /api/v1/professional/payout-account',
      'PUT /api/v1/professional/payout-account',
      'POST /api/v1/professional/payouts',
      'GET /api/v1/professional/payouts',
      'GET /api/v1/admin/payouts',
      'POST /api/v1/admin/payouts/:id/paid',
      'POST /api/v1/admin/payouts/:id/failed',
    ];
    expect(routes).toEqual(expect.arrayContaining(expected));
  });
});
