import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/bcrypt';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { EMBEDDED_DATA_DIR } from '../src/database/database-server.js';
import { EmbeddedPostgresServer } from '../src/database/embedded-postgres.js';
import { BCRYPT_COST } from '../src/modules/auth/password/password-hasher.js';
import { seedStatements } from './seed/seed-sql.js';

/**
 * Realistic data for development and benchmarks, deterministic per --seed.
 *   npm run seed -- --scale 1          20,000 professionals, 2,000 institutions, 100,000 jobs (+ assignments,
 *                                      payments, ratings); --scale 0.1 is a tenth of that
 *   npm run seed -- --demo             a small friendly set; prints one login per role
 * Every seeded account's password is SEED_PASSWORD. Refuses to seed a database that already has seed data.
 */
export const SEED_PASSWORD = 'Seed-password-2026';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({
    options: { scale: { type: 'string' }, seed: { type: 'string' }, demo: { type: 'boolean' } },
  });
  const scale = values.demo ? 0.001 : Number(values.scale ?? 1);
  const seed = Number(values.seed ?? 42);
  if (!(scale > 0 && scale <= 10)) fail('--scale must be a number in (0, 10], e.g. --scale 1');
  if (!Number.isInteger(seed)) fail('--seed must be a whole number');

  let server: EmbeddedPostgresServer | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    server = new EmbeddedPostgresServer({
      dataDir: EMBEDDED_DATA_DIR,
      port: Number(process.env.EMBEDDED_PG_PORT || 54329),
    });
    url = await server.start();
  }
  const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 1, migrationsRun: true }));
  try {
    await dataSource.initialize();
    const [{ seeded }] = await dataSource.query<{ seeded: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM users WHERE email LIKE '%@seed.qgig.ug') AS seeded`,
    );
    if (seeded) {
      process.stdout.write('Seed data is already there; nothing to do.\n');
      return;
    }
    const plan = {
      professionals: Math.max(3, Math.round(20_000 * scale)),
      institutions: Math.max(2, Math.round(2_000 * scale)),
      jobs: Math.max(20, Math.round(100_000 * scale)),
      seed,
    };
    const passwordHash = await hash(SEED_PASSWORD, BCRYPT_COST);
    const started = Date.now();
    for (const step of seedStatements(plan, passwordHash)) {
      const stepStarted = Date.now();
      await dataSource.query(step.sql, step.params);
      process.stdout.write(`  ${step.label}: ${Date.now() - stepStarted} ms\n`);
    }
    process.stdout.write(
      `Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed}, scale ${scale}).\n`,
    );
    if (values.demo) await printDemoLogins(dataSource, passwordHash);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await server?.stop();
  }
}

async function printDemoLogins(dataSource: DataSource, passwordHash: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO users (name, email, password_hash, role, email_verified_at, password_changed_at)
     VALUES ('Demo Admin', 'admin@seed.qgig.ug', $1, 'admin', now(), now()) ON CONFLICT (email) DO NOTHING`,
    [passwordHash],
  );
  const [professional] = await dataSource.query<{ email: string }[]>(
    `SELECT u.email FROM users u JOIN professionals p ON p.user_id = u.id WHERE p.verified ORDER BY u.email LIMIT 1`,
  );
  process.stdout.write(
    [
      '',
      `Log in with password ${SEED_PASSWORD}:`,
      '  admin         admin@seed.qgig.ug',
      '  institution   inst1@seed.qgig.ug',
      `  professional  ${professional?.email ?? 'pro1@seed.qgig.ug'} (verified)`,
      '',
    ].join('\n'),
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
