// npm run bench: seeds (if needed), starts the app in production mode and the bare baseline, drives both with
// autocannon from separate processes on loopback, and writes bench/results/<date>.json and BENCHMARKS.md.
//   BENCH_SCALE (1), BENCH_DURATION seconds per scenario (10) after BENCH_WARMUP seconds (3), BENCH_CONNECTIONS (64),
//   BENCH_STORM_CONNECTIONS (2000), BENCH_STORM_SECONDS (30), BENCH_POOL_SIZE (20), BENCH_HEAP_MB (192),
//   DATABASE_URL (else an embedded PostgreSQL)
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresServer } from '../dist/src/database/embedded-postgres.js';
import { writeExplains } from './explain.mjs';

const env = (name, fallback) => process.env[name] ?? fallback;
const SCALE = env('BENCH_SCALE', '1');
const DURATION = Number(env('BENCH_DURATION', '10'));
const WARMUP = Number(env('BENCH_WARMUP', '3'));
const CONNECTIONS = Number(env('BENCH_CONNECTIONS', '64'));
const STORM_CONNECTIONS = Number(env('BENCH_STORM_CONNECTIONS', '2000'));
const STORM_SECONDS = Number(env('BENCH_STORM_SECONDS', '30'));
const APP_PORT = 3100;
const BASELINE_PORT = 3101;
const PASSWORD = 'Seed-password-2026';
const JWT_SECRET = 'bench-only-secret-that-is-long-enough-0123456789';
const POOL_SIZE = env('BENCH_POOL_SIZE', '20');
const HEAP_MB = env('BENCH_HEAP_MB', '192');

let embedded;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  embedded = new EmbeddedPostgresServer({ dataDir: '.data/bench-postgres', port: 54331 });
  databaseUrl = await embedded.start();
}
const children = [];
try {
  log(`seeding (scale ${SCALE}) if needed`);
  execFileSync(process.execPath, ['dist/scripts/seed.js', '--scale', SCALE], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'inherit',
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // A freshly loaded table has no visibility map or hint bits yet: without this, autovacuum and the first
  // readers do that work during the measurements, and two runs of the same code differ by a third.
  log('VACUUM ANALYZE');
  await db.query('VACUUM ANALYZE');
  const fixtures = await loadFixtures(db);
  await writeExplains(db, fixtures);

  const app = await startProcess(
    'app',
    [process.execPath, 'dist/src/main.js'],
    {
      NODE_ENV: 'production',
      // As a deployment sizes it (README, "Memory"): without a cap V8 grows the heap into free memory.
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
      PORT: String(APP_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: POOL_SIZE,
      JWT_ACCESS_SECRET: JWT_SECRET,
      JWT_ACCESS_TTL: '2h',
      TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      DOCUMENTS_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
      RATE_LIMIT_MAX: '1000000',
      LOG_LEVEL: 'warn',
      SCHEDULER_ENABLED: 'false',
      PESAPAL_EMULATOR_PORT: '3199',
    },
    `http://127.0.0.1:${APP_PORT}/health`,
  );
  const baseline = await startProcess(
    'baseline',
    [process.execPath, 'bench/baseline/server.mjs', String(BASELINE_PORT), databaseUrl, JWT_SECRET],
    { BENCH_POOL_SIZE: POOL_SIZE },
    `http://127.0.0.1:${BASELINE_PORT}/health`,
  );

  const appUrl = `http://127.0.0.1:${APP_PORT}`;
  const proToken = await loginToken(appUrl, fixtures.professional.email);
  const instToken = await loginToken(appUrl, fixtures.institution.email);
  const acceptTokens = await Promise.all(fixtures.acceptors.map((p) => loginToken(appUrl, p.email)));
  const deepCursor = await cursorAfterPages(appUrl, proToken, 10);
  const auth = (token) => ({ authorization: `Bearer ${token}` });

  const scenarios = [
    { name: '(1) GET /jobs first page', url: `${appUrl}/api/v1/jobs`, headers: auth(proToken) },
    {
      name: '(1) GET /jobs first page — baseline',
      url: `http://127.0.0.1:${BASELINE_PORT}/api/v1/jobs`,
      headers: auth(proToken),
    },
    {
      name: '(1) GET /jobs deep cursor page',
      url: `${appUrl}/api/v1/jobs?cursor=${deepCursor}`,
      headers: auth(proToken),
    },
    {
      name: '(2) GET /jobs/:id',
      url: `${appUrl}/api/v1/jobs/${fixtures.openJobIds[0]}`,
      headers: auth(proToken),
    },
    {
      name: '(3) GET /jobs/:id/candidates',
      url: `${appUrl}/api/v1/jobs/${fixtures.institution.jobId}/candidates`,
      headers: auth(instToken),
    },
    {
      name: '(4) POST /jobs/:id/accept (distinct jobs)',
      url: appUrl,
      connections: 16,
      // Each job is accepted once (the run ends after one request per job) and no warm-up takes any.
      // Jobs go round-robin in start order to 100 professionals, so one professional's jobs are about
      // three weeks apart and never overlap: every accept should succeed.
      warmupSeconds: 0,
      amount: fixtures.acceptJobIds.length,
      requests: fixtures.acceptJobIds.map((jobId, i) => ({
        method: 'POST',
        path: `/api/v1/jobs/${jobId}/accept`,
        headers: auth(acceptTokens[i % acceptTokens.length]),
      })),
    },
    {
      name: '(5) POST /payments/webhook storm',
      url: `${appUrl}/api/v1/payments/webhook`,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ OrderTrackingId: fixtures.trackingId, OrderNotificationType: 'IPNCHANGE' }),
        },
      ],
    },
    { name: '(6) GET /health', url: `${appUrl}/health` },
    { name: '(6) GET /health — baseline', url: `http://127.0.0.1:${BASELINE_PORT}/health` },
  ];
  const results = {};
  for (const scenario of scenarios) {
    log(scenario.name);
    results[scenario.name] = runLoad({
      connections: CONNECTIONS,
      duration: DURATION,
      warmupSeconds: WARMUP,
      ...scenario,
    });
  }
  log(`connection storm: ${STORM_CONNECTIONS} connections on (1) for ${STORM_SECONDS} s`);
  results['storm (1) GET /jobs'] = runLoad({
    url: `${appUrl}/api/v1/jobs`,
    headers: auth(proToken),
    connections: STORM_CONNECTIONS,
    duration: STORM_SECONDS,
    timeoutSeconds: 30,
  });
  const peakRssMb = peakRss(app.child.pid);
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      scale: SCALE,
      duration: DURATION,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP,
      poolSize: Number(POOL_SIZE),
      heapMb: Number(HEAP_MB),
      storm: { connections: STORM_CONNECTIONS, seconds: STORM_SECONDS },
    },
    appPeakRssMb: peakRssMb,
    ratioFirstPage:
      results['(1) GET /jobs first page'].throughput /
      results['(1) GET /jobs first page — baseline'].throughput,
    ratioHealth: results['(6) GET /health'].throughput / results['(6) GET /health — baseline'].throughput,
    results,
  };
  const file = `bench/results/${report.date.slice(0, 10)}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  writeFileSync('BENCHMARKS.md', renderMarkdown(report, readExistingNotes()));
  log(`wrote ${file} and BENCHMARKS.md`);
  await db.end();
  baseline.stop();
  app.stop();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await embedded?.stop();
}

function log(message) {
  process.stdout.write(`[bench] ${message}\n`);
}

async function loadFixtures(db) {
  const one = async (sql, params = []) => (await db.query(sql, params)).rows[0];
  const professional = await one(
    `SELECT u.id, u.email FROM users u JOIN professionals p ON p.user_id = u.id
      WHERE p.verified AND p.profession = 'nurse' AND u.status = 'active' ORDER BY u.email LIMIT 1`,
  );
  const institutionJob = await one(
    `SELECT j.id, u.email FROM jobs j JOIN users u ON u.id = j.institution_id
      WHERE j.status = 'open' AND j.starts_at > now() AND j.role = 'nurse' ORDER BY j.starts_at DESC LIMIT 1`,
  );
  const openJobIds = (
    await db.query(
      `SELECT id FROM jobs WHERE status = 'open' AND role = 'nurse' AND starts_at > now() ORDER BY id LIMIT 5`,
    )
  ).rows.map((r) => r.id);
  const acceptors = (
    await db.query(
      `SELECT u.email FROM users u JOIN professionals p ON p.user_id = u.id
      WHERE p.verified AND p.profession = 'caregiver' AND u.status = 'active' ORDER BY u.id LIMIT 100`,
    )
  ).rows;
  const acceptJobIds = (
    await db.query(
      `SELECT id FROM jobs WHERE status = 'open' AND role = 'caregiver' AND starts_at > now() + interval '1 hour'
        ORDER BY starts_at, id`,
    )
  ).rows.map((r) => r.id);
  const tracking = await one(`SELECT order_tracking_id FROM transactions LIMIT 1`);
  return {
    professional,
    institution: { email: institutionJob.email, jobId: institutionJob.id },
    openJobIds,
    acceptors,
    acceptJobIds,
    trackingId: tracking.order_tracking_id,
  };
}

async function startProcess(name, command, extraEnv, readyUrl) {
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, stop: () => child.kill('SIGTERM') };
}

async function loginToken(appUrl, email) {
  const res = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.2' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

async function cursorAfterPages(appUrl, token, pages) {
  let cursor = '';
  for (let i = 0; i < pages; i++) {
    const res = await fetch(`${appUrl}/api/v1/jobs?limit=20${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.json();
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return cursor;
}

function runLoad(scenario) {
  const file = join(tmpdir(), `qgig-bench-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const output = execFileSync(process.execPath, ['bench/load.mjs', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(output.trim().split('\n').pop());
  log(
    `  ${Math.round(result.throughput)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  return result;
}

/** Peak resident set of a process (VmHWM), in MB. */
function peakRss(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : null;
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

function renderMarkdown(report, notes) {
  const rows = Object.entries(report.results).map(
    ([name, r]) =>
      `| ${name} | ${Math.round(r.throughput)} | ${r.latency.p50} | ${r.latency.p97_5} | ${r.latency.p99} | ${r.errors} | ${r.timeouts} | ${r.non2xx} |`,
  );
  return `# Benchmarks

Generated by \`npm run bench\` on ${report.date} (raw results: \`bench/results/${report.date.slice(0, 10)}.json\`).
Machine: ${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node ${report.machine.node};
app, PostgreSQL and load generator on the same machine. Scale ${report.settings.scale}; ${report.settings.duration} s per
scenario after a ${report.settings.warmupSeconds} s warm-up, at ${report.settings.connections} connections (accept: 16
connections, one request per open caregiver job, no warm-up). App: production mode, pool of ${report.settings.poolSize}
connections, heap capped at ${report.settings.heapMb} MB (\`--max-old-space-size\`).

| scenario | req/s | p50 ms | p97.5 ms | p99 ms | errors | timeouts | non-2xx |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

- Throughput ratio app / baseline: GET /jobs first page **${report.ratioFirstPage.toFixed(2)}**, GET /health **${report.ratioHealth.toFixed(2)}**.
- App peak RSS: **${report.appPeakRssMb} MB**.
- EXPLAIN ANALYZE of the hot queries at this scale: \`bench/explain/\`.

${notes || '## Analysis\n\n(Write which targets are met and what limits the others.)\n'}`;
}
