import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_ENV, urlForDatabase, withAdminClient } from '../setup/test-databases.js';

export interface TestDatabase {
  name: string;
  url: string;
  /** A small pool for assertions straight against the tables. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database with every migration applied, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requiredEnv(TEST_ENV.adminUrl);
  const template = requiredEnv(TEST_ENV.templateDatabase);
  const name = `${requiredEnv(TEST_ENV.runId)}${randomBytes(4).toString('hex')}`;

  await withAdminClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`,
        );
        return;
      } catch (error) {
        // 55006: another file is cloning the template at this instant.
        if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
  const url = urlForDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      await withAdminClient(adminUrl, async (client) => {
        // pool.end() resolves before its sockets have closed; FORCE would kill them mid-close and the
        // client would raise an unhandled error. Give closing connections a moment to go by themselves.
        for (let attempt = 0; attempt < 40; attempt++) {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
            [name],
          );
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      });
    },
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the e2e tests through \`npm test\` (jest global setup).`);
  return value;
}
