import { spawnApp, waitForHttp } from './helpers/spawn-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { freePort } from './helpers/test-app.js';

describe('Start-up and shutdown of the compiled service', () => {
  it('refuses to start in production with a short JWT secret, naming the variable in one line', async () => {
    const app = spawnApp({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      JWT_ACCESS_SECRET: 'too-short',
      TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      DOCUMENTS_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
      PESAPAL_BASE_URL: 'http://127.0.0.1:9/pesapalv3',
    });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toEqual([
      'Invalid configuration: JWT_ACCESS_SECRET must be at least 32 bytes when NODE_ENV=production (try: openssl rand -base64 48)',
    ]);
  });

  it('reports every malformed variable at once', async () => {
    const app = spawnApp({ NODE_ENV: 'staging', PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(await app.exited).toBe(1);
    const line = app.output().trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('NODE_ENV must be development, test or production');
    expect(line).toContain('PORT must be a port number');
    expect(line).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  });

  describe('with a database', () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('serves /health, then on SIGTERM stops accepting, closes the pool and exits 0', async () => {
      const port = await freePort();
      const app = spawnApp({
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        JWT_ACCESS_SECRET: 'a-production-grade-secret-of-at-least-32-bytes',
        TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
        DOCUMENTS_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
        PESAPAL_BASE_URL: 'http://127.0.0.1:9/pesapalv3',
      });
      const health = await waitForHttp(`http://127.0.0.1:${port}/health`, 20_000);
      expect(await health.json()).toEqual({ status: 'ok' });
      const connectionsBefore = await appConnections(db);
      expect(connectionsBefore).toBeGreaterThan(0);

      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(app.output()).toContain('Stopped cleanly');
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
      expect(await appConnections(db)).toBe(0);
    });
  });
});

async function appConnections(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query<{ count: string }>(
    `SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'qgig'`,
    [db.name],
  );
  return Number(rows[0].count);
}
