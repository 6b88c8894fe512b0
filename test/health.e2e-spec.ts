import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import {
  CuttableTcpProxy,
  startAppWithCuttableDatabase,
  type AppWithCuttableDatabase,
} from './helpers/tcp-proxy.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` within half a second. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const haveRedis = await redisAnswers(REDIS_URL);
if (!haveRedis) console.warn(`Skipping the Redis readiness test: no Redis answers at ${REDIS_URL}`);

describe('GET /health and /health/ready', () => {
  let app: AppWithCuttableDatabase;
  let t: TestApp;
  let proxy: CuttableTcpProxy;

  beforeAll(async () => {
    app = await startAppWithCuttableDatabase();
    ({ t, database: proxy } = app);
  });
  afterAll(() => app.close());

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

describe('GET /health/ready with REDIS_URL', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db.drop();
  });
  const start = async (redisUrl?: string) => {
    const app = await startTestApp({ database: db, env: redisUrl ? { REDIS_URL: redisUrl } : {} });
    apps.push(app);
    return app;
  };

  (haveRedis ? it : it.skip)('checks Redis with a PING', async () => {
    const t = await start(REDIS_URL);
    for (let i = 0; i < 3; i++) {
      const res = await t.http.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body.checks).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    }
  });

  (haveRedis ? it : it.skip)('goes 503 when Redis goes away and back to 200 when it returns', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new CuttableTcpProxy(target.hostname, Number(target.port || 6379));
    const viaProxy = new URL(REDIS_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await proxy.start());
    try {
      const t = await start(viaProxy.toString());
      expect((await t.http.get('/health/ready')).status).toBe(200);
      await proxy.cut();
      const down = await t.http.get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks.redis).toEqual({ status: 'down' });
      await proxy.restore();
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        status = (await t.http.get('/health/ready')).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
    } finally {
      await proxy.cut();
    }
  });

  it('answers 503 problem+json naming redis when Redis does not answer', async () => {
    const t = await start(`redis://127.0.0.1:${await freePort()}`);
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'https://qgig.ug/problems/not-ready',
      detail: 'Not ready: redis is not answering.',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('has no Redis check without REDIS_URL', async () => {
    const t = await start();
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.checks)).toEqual(['database']);
  });
});
