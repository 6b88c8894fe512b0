import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createServer } from 'node:net';
import { createApp } from '../../src/app.factory.js';
import { startPesapalEmulator, type RunningPesapalEmulator } from '../../src/pesapal-emulator/emulator.js';
import { loadConfig } from '../../src/config/configuration.js';
import { LogCapture } from './log-capture.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** Where this app's encrypted files go (a fresh temporary directory). */
  storageDir: string;
  port: number;
  /** e.g. http://127.0.0.1:41234 — the app listens on a real port. */
  baseUrl: string;
  http: ReturnType<typeof request>;
  db: TestDatabase;
  /** The PesaPal emulator this app talks to (its own unless one was passed in). */
  pesapal: RunningPesapalEmulator;
  logs: LogCapture;
  /** Every route Fastify registered (from Nest's router and plugins), whether or not Swagger shows it. */
  routes: { method: string; url: string }[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables on top of the test defaults. */
  env?: Record<string, string>;
  /** Extra modules, e.g. probe routes. */
  imports?: ModuleMetadata['imports'];
  /** Use this database instead of a fresh one (the caller drops it). */
  database?: TestDatabase;
  /** Point the app at another URL than the database's (e.g. through a proxy). */
  databaseUrl?: string;
  /** Talk to this PesaPal emulator (e.g. a second instance sharing the first one's) instead of a new one. */
  pesapal?: RunningPesapalEmulator;
  /** Listen on this port (e.g. to restart an app at the same PUBLIC_URL); default a free one. */
  port?: number;
}

/** Boots the real app (same factory as production) on a random port against its own migrated database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const storageDir = await mkdtemp(join(tmpdir(), 'qgig-uploads-'));
  // Quick IPN retries: the emulator follows PesaPal's schedule scaled down.
  const pesapal = options.pesapal ?? (await startPesapalEmulator({ ipnRetryDelaysMs: [200, 500, 1000] }));
  // The port is fixed before start-up because PUBLIC_URL (where PesaPal sends IPNs) must name it.
  const port = options.port ?? (await freePort());
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PESAPAL_BASE_URL: pesapal.baseUrl,
    DATABASE_URL: options.databaseUrl ?? db.url,
    JWT_ACCESS_SECRET: 'test-only-secret-that-is-long-enough-0123456789',
    TOTP_ENCRYPTION_KEY: 'dGVzdC1vbmx5LXRvdHAta2V5LTMyLWJ5dGVzLWxvbmc=',
    DOCUMENTS_ENCRYPTION_KEY: 'dGVzdC1vbmx5LWRvY3VtZW50cy1rZXktMzItYnl0ZXM=',
    STORAGE_DIR: storageDir,
    // Tests drive periodic work themselves (e.g. JobLifecycleWorker.sweep()) so results are deterministic.
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '100000',
    // Factories give each simulated client its own X-Forwarded-For address, as real clients have.
    TRUST_PROXY: 'true',
    ...options.env,
  });
  const logs = new LogCapture();
  const app = await createApp(config, { imports: options.imports, logDestination: logs });
  const routes: { method: string; url: string }[] = [];
  // Controllers' routes are registered when the app initialises (in listen), after this hook is in place.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.listen({ port, host: '127.0.0.1' });
  const baseUrl = await app.getUrl();
  return {
    app,
    storageDir,
    port,
    baseUrl,
    http: request(baseUrl),
    db,
    pesapal,
    logs,
    routes,
    close: async () => {
      await app.close();
      if (!options.pesapal) await pesapal.close();
      // The books are checked once per database, by the app that owns it, after every app using it is
      // closed (an app sharing it via `options.database` is closed by the test before the owner is).
      let unbalanced: unknown;
      if (!options.database) {
        unbalanced = await assertLedgerBalanced(db).catch((error: unknown) => error);
        await db.drop();
      }
      await rm(storageDir, { recursive: true, force: true });
      if (unbalanced) throw unbalanced;
    },
  };
}

/**
 * The after-all ledger check every e2e file gets from close(): the postings sum to 0 and every account's
 * cached balance equals the sum of its postings. Throws naming what is off.
 */
export async function assertLedgerBalanced(db: TestDatabase): Promise<void> {
  const { rows: totals } = await db.pool.query<{ total: string }>(
    `SELECT coalesce(sum(amount), 0)::bigint AS total FROM postings`,
  );
  const { rows: mismatched } = await db.pool.query<{
    type: string;
    owner_id: string | null;
    balance: string;
    postings: string;
  }>(
    `SELECT a.type, a.owner_id, a.balance, coalesce(sum(p.amount), 0)::bigint AS postings
       FROM ledger_accounts a LEFT JOIN postings p ON p.account_id = a.id
      GROUP BY a.id HAVING a.balance <> coalesce(sum(p.amount), 0)
      ORDER BY a.id LIMIT 10`,
  );
  const problems = [
    ...(Number(totals[0].total) === 0 ? [] : [`the postings sum to ${totals[0].total} UGX, not 0`]),
    ...mismatched.map(
      (a) =>
        `account ${a.type}:${a.owner_id ?? '-'} has a cached balance of ${a.balance} UGX but its postings sum to ${a.postings}`,
    ),
  ];
  if (problems.length > 0) {
    throw new Error(`Ledger check after the tests (database ${db.name}) failed:\n- ${problems.join('\n- ')}`);
  }
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
