import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.js';
import { TEST_ENV, urlForDatabase, withAdminClient } from './test-databases.js';

export interface TestDatabaseState {
  adminUrl: string;
  prefix: string;
  embedded?: EmbeddedPostgresServer;
  embeddedDir?: string;
}

/**
 * Once per `jest` run: a PostgreSQL server (DATABASE_URL's, or an embedded one in a temporary directory)
 * and a template database migrated with the real migrations. Each test file clones the template into a
 * database of its own (test/helpers/test-database.ts), so files run in parallel without sharing rows.
 */
export default async function globalSetup(): Promise<void> {
  const prefix = `qgig_test_${randomBytes(4).toString('hex')}_`;
  const state: TestDatabaseState = { adminUrl: process.env.DATABASE_URL ?? '', prefix };
  if (!state.adminUrl) {
    state.embeddedDir = mkdtempSync(join(tmpdir(), 'qgig-test-pg-'));
    state.embedded = new EmbeddedPostgresServer({
      dataDir: join(state.embeddedDir, 'data'),
      port: await freePort(),
      database: 'postgres',
      ephemeral: true,
    });
    await state.embedded.start();
    state.adminUrl = state.embedded.adminUrl;
  }
  (globalThis as { qgigTestDatabases?: TestDatabaseState }).qgigTestDatabases = state;

  const template = `${prefix}template`;
  await withAdminClient(state.adminUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(template)}`),
  );
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: urlForDatabase(state.adminUrl, template) }),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }

  process.env[TEST_ENV.adminUrl] = state.adminUrl;
  process.env[TEST_ENV.templateDatabase] = template;
  process.env[TEST_ENV.runId] = prefix;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
