// npm run bench: seeds each scale once (kept as a template database), copies a fresh database from it for
// every run, starts the app in production mode, the PesaPal emulator and two baselines (bare Fastify, and
// Fastify with the app's plugins), drives them with autocannon from separate processes on loopback, counts
// SQL round trips through a counting proxy, and writes bench/results/<date>.json and BENCHMARKS.md.
//   BENCH_SCALES (1,10: the first gets every scenario, the others discovery and candidates),
//   BENCH_DURATION seconds per scenario (10) after BENCH_WARMUP seconds (10), BENCH_CONNECTIONS (64),
//   BENCH_STORM_CONNECTIONS (2000), BENCH_STORM_SECONDS (30), BENCH_POOL_SIZE (20), BENCH_HEAP_MB (144),
//   BENCH_LOGIN_RATE (60 per second), DATABASE_URL (else an embedded PostgreSQL)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { EmbeddedPostgresServer } from '../dist/src/database/embedded-postgres.js';
import { writeExplains } from './explain.mjs';
import { loadFixtures } from './fixtures.mjs';
import {
  log,
  loginToken,
  peakRss,
  runLoad,
  runLoadInBackground,
  startProcess,
  stopAll,
} from './processes.mjs';
import { BENCH_JWT_SECRET, emulatorEnv, productionEnv } from './production-env.mjs';
import { renderMarkdown } from './report.mjs';
import { startRoundTripCounter } from './round-trips.mjs';

const env = (name, fallback) => process.env[name] ?? fallback;
const SCALES = env('BENCH_SCALES', '1,10').split(',').map(Number);
const DURATION = Number(env('BENCH_DURATION', '10'));
// Measured: GET /jobs reaches its steady state only after 12–18 s of load, the app (2,100 → 2,400 req/s,
// p99 87 → 40 ms) and bare alike (2,600 → 3,400 req/s). Until bench/load.mjs stopped passing autocannon a
// callback, autocannon skipped the warm-up altogether and every scenario was measured from its first second.
const WARMUP = Number(env('BENCH_WARMUP', '10'));
const CONNECTIONS = Number(env('BENCH_CONNECTIONS', '64'));
const STORM_CONNECTIONS = Number(env('BENCH_STORM_CONNECTIONS', '2000'));
const STORM_SECONDS = Number(env('BENCH_STORM_SECONDS', '30'));
const POOL_SIZE = Number(env('BENCH_POOL_SIZE', '20'));
const HEAP_MB = Number(env('BENCH_HEAP_MB', '144'));
const LOGIN_RATE = Number(env('BENCH_LOGIN_RATE', '60'));
const PASSWORD = 'Seed-password-2026';
const PORTS = { app: 3100, bare: 3101, equivalent: 3102, counted: 3103 };
const url = (port, path) => `http://127.0.0.1:${port}${path}`;
const auth = (token) => ({ authorization: `Bearer ${token}` });
// The bench's own requests all come from 127.0.0.1: keep the per-IP limit out of the way, not switched off.
delete process.env.REDIS_URL;

let embedded;
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  embedded = new EmbeddedPostgresServer({ dataDir: '.data/bench-postgres', port: 54331 });
  serverUrl = await embedded.start();
}
try {
  const emulator = await startProcess(
    'pesapal emulator',
    [process.execPath, 'dist/src/pesapal-emulator/main.js'],
    emulatorEnv(),
  );
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      scales: SCALES,
      duration: DURATION,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP,
      poolSize: POOL_SIZE,
      heapMb: HEAP_MB,
      loginRate: LOGIN_RATE,
      storm: { connections: STORM_CONNECTIONS, seconds: STORM_SECONDS },
    },
    scales: {},
  };
  for (const [index, scale] of SCALES.entries()) {
    const databaseUrl = await freshDatabase(scale);
    report.scales[scale] = index === 0 ? await fullRun(databaseUrl) : await scaleRun(databaseUrl);
  }
  await emulator.stop();
  const file = `bench/results/${report.date.slice(0, 10)}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  writeFileSync('BENCHMARKS.md', renderMarkdown(report, readExistingNotes()));
  // In the repository's own style, so `npm run lint` passes with the results committed.
  execFileSync(process.execPath, [
    'node_modules/prettier/bin/prettier.cjs',
    '--write',
    file,
    'BENCHMARKS.md',
  ]);
  log(`wrote ${file} and BENCHMARKS.md`);
} finally {
  stopAll();
  await embedded?.stop();
}

/** Seeds `qgig_bench_s<scale>_seed` once, then copies it to `qgig_bench_s<scale>`: each run starts the same. */
async function freshDatabase(scale) {
  const name = `qgig_bench_s${String(scale).replace('.', '_')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = async (db) =>
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount > 0;
  if (!(await exists(`${name}_seed`))) await admin.query(`CREATE DATABASE ${name}_seed`);
  const seedUrl = withDatabase(serverUrl, `${name}_seed`);
  log(`scale ${scale}: seeding ${name}_seed if needed (and applying new migrations)`);
  execFileSync(process.execPath, ['dist/scripts/seed.js', '--scale', String(scale)], {
    env: { ...process.env, DATABASE_URL: seedUrl },
    stdio: 'inherit',
  });
  // A freshly loaded table has no visibility map or hint bits yet: without this, autovacuum and the first
  // readers do that work during the measurements, and two runs of the same code differ by a third.
  const seedDb = new pg.Client({ connectionString: seedUrl });
  await seedDb.connect();
  await seedDb.query('VACUUM ANALYZE');
  await seedDb.end();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${name}_seed`);
  await admin.end();
  return withDatabase(serverUrl, name);
}

function withDatabase(connectionString, database) {
  const next = new URL(connectionString);
  next.pathname = `/${database}`;
  return next.toString();
}

function startApp(databaseUrl, port = PORTS.app) {
  return startProcess(
    'app',
    [process.execPath, 'dist/src/main.js'],
    productionEnv({ port, databaseUrl, poolSize: POOL_SIZE, heapMb: HEAP_MB }),
    url(port, '/health'),
  );
}

async function fullRun(databaseUrl) {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const fixtures = await loadFixtures(db);
  await writeExplains(db, fixtures);
  const baselineEnv = {
    BENCH_POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: productionEnv({}).RATE_LIMIT_MAX,
  };
  const app = await startApp(databaseUrl);
  const bare = await startProcess(
    'bare baseline',
    [process.execPath, 'bench/baseline/server.mjs', String(PORTS.bare), databaseUrl, BENCH_JWT_SECRET],
    baselineEnv,
    url(PORTS.bare, '/health'),
  );
  const equivalent = await startProcess(
    'production-equivalent baseline',
    [
      process.execPath,
      'bench/baseline/production-equivalent.mjs',
      String(PORTS.equivalent),
      databaseUrl,
      BENCH_JWT_SECRET,
    ],
    baselineEnv,
    url(PORTS.equivalent, '/health'),
  );

  const proToken = await loginToken(url(PORTS.app, ''), fixtures.professional.email, PASSWORD);
  const instToken = await loginToken(url(PORTS.app, ''), fixtures.institution.email, PASSWORD);
  // A few at a time: more sign-ins at once than BCRYPT_MAX_WAITING are refused (503), by design.
  const acceptTokens = [];
  for (let i = 0; i < fixtures.acceptors.length; i += 4) {
    const batch = fixtures.acceptors.slice(i, i + 4);
    acceptTokens.push(
      ...(await Promise.all(batch.map((p) => loginToken(url(PORTS.app, ''), p.email, PASSWORD)))),
    );
  }
  const deepCursor = await cursorAfterPages(url(PORTS.app, ''), proToken, 10);
  // The last ten open caregiver jobs are kept for counting the accept's round trips.
  const countedAccepts = fixtures.acceptJobIds.slice(-10);
  const acceptJobIds = fixtures.acceptJobIds.slice(0, -10);
  const scenario = (name, port, path, extra = {}) => ({ name, url: url(port, path), ...extra });
  // Read-only scenarios first, then the ones that change data (accept, IPNs).
  const scenarios = [
    scenario('(6) GET /health', PORTS.app, '/health'),
    scenario('(6) GET /health — production-equivalent', PORTS.equivalent, '/health'),
    scenario('(6) GET /health — bare', PORTS.bare, '/health'),
    scenario('(1) GET /jobs first page', PORTS.app, '/api/v1/jobs', { headers: auth(proToken) }),
    scenario('(1) GET /jobs first page — production-equivalent', PORTS.equivalent, '/api/v1/jobs', {
      headers: auth(proToken),
    }),
    scenario('(1) GET /jobs first page — bare', PORTS.bare, '/api/v1/jobs', { headers: auth(proToken) }),
    scenario('(1) GET /jobs deep cursor page', PORTS.app, `/api/v1/jobs?cursor=${deepCursor}`, {
      headers: auth(proToken),
    }),
    scenario('(2) GET /jobs/:id', PORTS.app, `/api/v1/jobs/${fixtures.openJobIds[0]}`, {
      headers: auth(proToken),
    }),
    scenario(
      '(3) GET /jobs/:id/candidates',
      PORTS.app,
      `/api/v1/jobs/${fixtures.institution.jobId}/candidates`,
      { headers: auth(instToken) },
    ),
    {
      name: '(4) POST /jobs/:id/accept (distinct jobs)',
      url: url(PORTS.app, ''),
      connections: 16,
      // Each job is accepted once (the run ends after one request per job) and no warm-up takes any.
      // Jobs go round-robin in start order to 100 professionals, so one professional's jobs are about
      // three weeks apart and never overlap: every accept should succeed.
      warmupSeconds: 0,
      amount: acceptJobIds.length,
      requests: acceptJobIds.map((jobId, i) => ({
        method: 'POST',
        path: `/api/v1/jobs/${jobId}/accept`,
        headers: auth(acceptTokens[i % acceptTokens.length]),
      })),
    },
    scenario('(5) POST /payments/webhook storm', PORTS.app, '/api/v1/payments/webhook', {
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ OrderTrackingId: fixtures.trackingId, OrderNotificationType: 'IPNCHANGE' }),
        },
      ],
    }),
  ];
  // The copied database starts with a cold cache and each pooled connection prepares its statements on
  // first use: warm the app and both baselines up on the reads before anything is measured.
  log('warm-up');
  for (const { name: _name, ...load } of scenarios.filter((s) => !s.amount && !s.requests)) {
    runLoad({ connections: CONNECTIONS, duration: WARMUP, ...load });
  }
  const results = {};
  for (const { name, ...load } of scenarios) {
    log(name);
    results[name] = runLoad({ connections: CONNECTIONS, duration: DURATION, warmupSeconds: WARMUP, ...load });
  }
  await bare.stop();
  await equivalent.stop();

  log(
    `mixed: GET /jobs at ${CONNECTIONS} connections alone, then with ${LOGIN_RATE} logins/s (bcrypt cost 12)`,
  );
  const discovery = {
    url: url(PORTS.app, '/api/v1/jobs'),
    headers: auth(proToken),
    connections: CONNECTIONS,
    duration: DURATION,
    warmupSeconds: WARMUP,
  };
  const mixed = { discoveryAlone: runLoad(discovery) };
  const logins = runLoadInBackground({
    url: url(PORTS.app, '/api/v1/auth/login'),
    connections: LOGIN_RATE,
    overallRate: LOGIN_RATE,
    duration: DURATION + WARMUP,
    timeoutSeconds: 30,
    // Distinct accounts: the per-account login limit (5 a minute) is not what is measured.
    requests: fixtures.loginEmails.map((email) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    })),
  });
  mixed.discoveryWithLogins = runLoad(discovery);
  mixed.logins = await logins;
  results.mixed = mixed;

  log(`connection storm: ${STORM_CONNECTIONS} connections on (1) for ${STORM_SECONDS} s`);
  results['storm (1) GET /jobs'] = runLoad({
    url: url(PORTS.app, '/api/v1/jobs'),
    headers: auth(proToken),
    connections: STORM_CONNECTIONS,
    duration: STORM_SECONDS,
    timeoutSeconds: 30,
  });
  const appPeakRssMb = peakRss(app.child.pid);
  await app.stop();

  const roundTrips = await countRoundTrips(databaseUrl, fixtures, proToken, countedAccepts, acceptTokens);
  await db.end();
  return { appPeakRssMb, results, roundTrips };
}

async function scaleRun(databaseUrl) {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const fixtures = await loadFixtures(db);
  await db.end();
  const app = await startApp(databaseUrl);
  const proToken = await loginToken(url(PORTS.app, ''), fixtures.professional.email, PASSWORD);
  const instToken = await loginToken(url(PORTS.app, ''), fixtures.institution.email, PASSWORD);
  const scenarios = [
    ['(1) GET /jobs first page', '/api/v1/jobs', proToken],
    ['(3) GET /jobs/:id/candidates', `/api/v1/jobs/${fixtures.institution.jobId}/candidates`, instToken],
  ].map(([name, path, token]) => ({ name, url: url(PORTS.app, path), headers: auth(token) }));
  // The same warm-up pass as the first scale's, so the scales differ in their data and nothing else.
  log('warm-up');
  for (const { name: _name, ...load } of scenarios)
    runLoad({ connections: CONNECTIONS, duration: WARMUP, ...load });
  const results = {};
  for (const { name, ...load } of scenarios) {
    log(name);
    results[name] = runLoad({ connections: CONNECTIONS, duration: DURATION, warmupSeconds: WARMUP, ...load });
  }
  const appPeakRssMb = peakRss(app.child.pid);
  await app.stop();
  return { appPeakRssMb, results };
}

/** Round trips per request, one request at a time through the counting proxy. */
async function countRoundTrips(databaseUrl, fixtures, proToken, acceptJobIds, acceptTokens) {
  const counter = await startRoundTripCounter(databaseUrl);
  const app = await startApp(counter.url, PORTS.counted);
  const base = url(PORTS.counted, '');
  const perRequest = async (requests) => {
    await requests[0](); // the first request of a kind prepares its statements on the connection
    const before = counter.count();
    for (const request of requests.slice(1)) {
      const res = await request();
      if (!res.ok) throw new Error(`round-trip count: ${res.status} ${await res.text()}`);
    }
    return (counter.count() - before) / (requests.length - 1);
  };
  const get = (path, token) => () => fetch(base + path, { headers: auth(token) });
  const repeat = (n, request) => Array.from({ length: n }, () => request);
  const counts = {
    'GET /api/v1/jobs': await perRequest(repeat(21, get('/api/v1/jobs', proToken))),
    'GET /api/v1/jobs/:id': await perRequest(
      repeat(21, get(`/api/v1/jobs/${fixtures.openJobIds[1]}`, proToken)),
    ),
    'POST /api/v1/jobs/:id/accept': await perRequest(
      acceptJobIds.map(
        (jobId, i) => () =>
          fetch(`${base}/api/v1/jobs/${jobId}/accept`, { method: 'POST', headers: auth(acceptTokens[i]) }),
      ),
    ),
  };
  await app.stop();
  await counter.close();
  log(`round trips per request: ${JSON.stringify(counts)}`);
  return counts;
}

async function cursorAfterPages(appUrl, token, pages) {
  let cursor = '';
  for (let i = 0; i < pages; i++) {
    const res = await fetch(`${appUrl}/api/v1/jobs?limit=20${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: auth(token),
    });
    const body = await res.json();
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return cursor;
}

function readExistingNotes() {
  try {
    const text = readFileSync('BENCHMARKS.md', 'utf8');
    const index = text.indexOf('## Analysis');
    return index >= 0 ? text.slice(index) : '';
  } catch {
    return '';
  }
}
