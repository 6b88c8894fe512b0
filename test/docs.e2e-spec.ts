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
});
