import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/bcrypt';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { EMBEDDED_DATA_DIR } from '../src/database/database-server.js';
import { EmbeddedPostgresServer } from '../src/database/embedded-postgres.js';
import { BCRYPT_COST } from '../src/modules/auth/password/password-hasher.js';
import { passwordProblem } from '../src/modules/auth/password/password-policy.js';

/**
 * Creates an admin account; the API never does.
 *   npm run admin:create -- --email ops@qgig.ug --name "Ops Team"
 * The password comes from ADMIN_PASSWORD or, on a terminal, a prompt.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const email = values.email?.trim();
  const name = values.name?.trim();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    fail('--email must be an email address, e.g. --email ops@qgig.ug');
  if (!name || name.length < 2) fail('--name must be at least 2 characters, e.g. --name "Ops Team"');

  const password = process.env.ADMIN_PASSWORD || (await promptPassword());
  const problem = passwordProblem(password);
  if (problem) fail(`The password ${problem}`);

  let server: EmbeddedPostgresServer | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    server = new EmbeddedPostgresServer({
      dataDir: EMBEDDED_DATA_DIR,
      port: Number(process.env.EMBEDDED_PG_PORT || 54329),
    });
    url = await server.start();
  }
  const dataSource = new DataSource(
    buildDataSourceOptions({ url, poolSize: 1, migrationsRun: server !== undefined }),
  );
  try {
    await dataSource.initialize();
    const passwordHash = await hash(password, BCRYPT_COST);
    const rows: { id: string }[] = await dataSource.query(
      `INSERT INTO users (name, email, password_hash, role, email_verified_at, password_changed_at)
       VALUES ($1, $2, $3, 'admin', now(), now()) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [name, email, passwordHash],
    );
    if (rows.length === 0) {
      process.stderr.write(`An account with email ${email} already exists.\n`);
      process.exitCode = 1;
      return;
    }
    await dataSource.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, details) VALUES (NULL, 'admin.created', 'user', $1, $2)`,
      [rows[0].id, JSON.stringify({ via: 'cli', email })],
    );
    process.stdout.write(`Admin ${email} created (id ${rows[0].id}).\n`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await server?.stop();
  }
}

function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) fail('Set ADMIN_PASSWORD, or run on a terminal to be asked for the password.');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  process.stdout.write('Admin password (min 10 characters): ');
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    }),
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
