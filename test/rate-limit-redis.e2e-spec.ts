import { randomInt } from 'node:crypto';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { ProbeModule } from './support/probe.module.js';

// Needs a real Redis; CI sets REDIS_URL (this machine runs one on 6379). Without it there is nothing to share.
const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('Rate limit shared by two instances through Redis (REDIS_URL)', () => {
  let db: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  // A client address of its own, so other runs sharing this Redis cannot touch our counter.
  const clientIp = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      REDIS_URL: redisUrl!,
      TRUST_PROXY: 'true',
      RATE_LIMIT_MAX: '4',
      RATE_LIMIT_WINDOW_SECONDS: '60',
    };
    first = await startTestApp({ database: db, env, imports: [ProbeModule] });
    second = await startTestApp({ database: db, env, imports: [ProbeModule] });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await db?.drop();
  });

  it('counts requests to either instance against one limit', async () => {
    const statuses: number[] = [];
    for (const t of [first, second, first, second, first, second]) {
      const res = await t.http.post('/api/v1/test-probe/signup').set('X-Forwarded-For', clientIp).send({});
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
  });
});
