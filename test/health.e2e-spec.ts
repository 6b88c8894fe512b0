import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { CuttableTcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('GET /health and /health/ready', () => {
  let db: TestDatabase;
  let proxy: CuttableTcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = new CuttableTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await proxy.start());
    t = await startTestApp({ database: db, databaseUrl: viaProxy.toString() });
  });

  afterAll(async () => {
    await t.close();
    await proxy.cut();
    await db.drop();
  });

  it('reports liveness as {"status":"ok"}', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is ready while the database answers', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
  });

  it('answers 503 problem+json when the database is gone, stays alive, and recovers when it is back', async () => {
    await proxy.cut();
    const down = await t.http.get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({
      type: 'https://qgig.ug/problems/not-ready',
      status: 503,
      detail: 'Not ready: database is not answering.',
      checks: { database: { status: 'down' } },
    });
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|password/);
    expect((await t.http.get('/health')).status).toBe(200);

    await proxy.restore();
    const up = await t.http.get('/health/ready');
    expect(up.status).toBe(200);
  });
});
