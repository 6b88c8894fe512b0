import { spawnApp, waitForHttp } from './helpers/spawn-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { freePort } from './helpers/test-app.js';

/** A complete production environment; tests take pieces away. PesaPal points at a closed port. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
  JWT_ACCESS_SECRET: 'a-production-grade-secret-of-at-least-32-bytes',
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  DOCUMENTS_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
  SMTP_URL: 'smtp://127.0.0.1:9',
  PESAPAL_CONSUMER_KEY: 'merchant-key',
  PESAPAL_CONSUMER_SECRET: 'merchant-secret',
  PESAPAL_ENV: 'sandbox',
  PESAPAL_BASE_URL: 'http://127.0.0.1:9/pesapalv3',
  METRICS_TOKEN: 'metrics-token-0123456789abcdef',
  PUBLIC_URL: 'https://api.qgig.example',
  FRONTEND_URL: 'https://app.qgig.example',
};
const REQUIRED_IN_PRODUCTION = Object.keys(PRODUCTION).filter(
  (name) => !['NODE_ENV', 'PESAPAL_BASE_URL'].includes(name),
);

describe('Start-up and shutdown of the compiled service', () => {
  it('refuses to start in production with a short JWT secret, naming the variable in one line', async () => {
    const app = spawnApp({ ...PRODUCTION, JWT_ACCESS_SECRET: 'too-short' });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toEqual([
      'Invalid configuration: JWT_ACCESS_SECRET must be at least 32 bytes when NODE_ENV=production (try: openssl rand -base64 48)',
    ]);
  });

  it('in production with an empty environment, exits 1 with one line for each missing variable', async () => {
    const app = spawnApp({ NODE_ENV: 'production' });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines.map((line) => line.match(/^Invalid configuration: (\w+) is required/)?.[1])).toEqual(
      REQUIRED_IN_PRODUCTION,
    );
  });

  it('in production, each variable present in turn takes its line away', async () => {
    const outcomes = await Promise.all(
      REQUIRED_IN_PRODUCTION.map(async (present) => {
        const app = spawnApp({ NODE_ENV: 'production', [present]: PRODUCTION[present] });
        const code = await app.exited;
        const named = app
          .output()
          .trim()
          .split('\n')
          .map((line) => line.match(/^Invalid configuration: (\w+) is required/)?.[1]);
        return { present, code, named };
      }),
    );
    for (const { present, code, named } of outcomes) {
      expect({ present, code }).toEqual({ present, code: 1 });
      expect(named).toEqual(REQUIRED_IN_PRODUCTION.filter((name) => name !== present));
    }
  }, 120_000);

  it('in production, refuses the PesaPal emulator', async () => {
    const app = spawnApp({ ...PRODUCTION, PESAPAL_ENV: 'emulator' });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toBe(
      'Invalid configuration: PESAPAL_ENV=emulator is refused when NODE_ENV=production: use sandbox or live with your merchant keys',
    );
  });

  it('reports every malformed variable at once', async () => {
    const app = spawnApp({ NODE_ENV: 'staging', PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(await app.exited).toBe(1);
    const line = app.output().trim();
    expect(line.split('\n')).toHaveLength(3);
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
      const app = spawnApp({ ...PRODUCTION, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url });
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
