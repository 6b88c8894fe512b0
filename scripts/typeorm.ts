import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EMBEDDED_DATA_DIR } from '../src/database/database-server.js';
import { EmbeddedPostgresServer } from '../src/database/embedded-postgres.js';

/**
 * Runs the TypeORM CLI with our DataSource (dist/ormconfig.js). With no DATABASE_URL it targets the
 * embedded PostgreSQL in .data/postgres: the running app's server if there is one, or one started for
 * the command and stopped after it.
 *   npm run migration:run | migration:revert | migration:show
 *   npm run migration:generate -- migrations/AddSomething
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const env = { ...process.env };
let server: EmbeddedPostgresServer | undefined;
if (!env.DATABASE_URL) {
  server = new EmbeddedPostgresServer({
    dataDir: EMBEDDED_DATA_DIR,
    port: Number(env.EMBEDDED_PG_PORT || 54329),
  });
  env.DATABASE_URL = await server.start();
}

const cli = createRequire(import.meta.url).resolve('typeorm/cli.js');
const [command, ...rest] = process.argv.slice(2);
const result = spawnSync(process.execPath, [cli, command, '-d', 'dist/ormconfig.js', ...rest], {
  stdio: 'inherit',
  env,
});
await server?.stop();
process.exit(result.status ?? 1);
