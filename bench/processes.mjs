// Process plumbing for bench/run.mjs: servers started and stopped as child processes, and load driven by
// bench/load.mjs in a process of its own (so the load generator's work is not counted in the server's).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function log(message) {
  process.stdout.write(`[bench] ${message}\n`);
}

const children = new Set();

export function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}

/** Starts `command`, waits until `readyUrl` answers 200; stop() ends it and resolves when it has exited. */
export async function startProcess(name, command, extraEnv, readyUrl) {
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      if (!readyUrl || (await fetch(readyUrl)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      children.delete(child);
    },
  };
}

let scenarioFiles = 0;
function scenarioFile(scenario) {
  const file = join(tmpdir(), `qgig-bench-${process.pid}-${scenarioFiles++}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

function summarise(result) {
  const served = result.served ? `, served p99 ${result.served.p99} ms` : '';
  const shed = result.shed?.count ? `, shed ${(result.shed.share * 100).toFixed(1)} %` : '';
  log(
    `  ${Math.round(result.throughput)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${served}${shed}, errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  return result;
}

/** Runs one scenario to the end (see bench/load.mjs for its fields). */
export function runLoad(scenario) {
  const output = execFileSync(process.execPath, ['bench/load.mjs', scenarioFile(scenario)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return summarise(JSON.parse(output.trim().split('\n').pop()));
}

/** Runs one scenario in the background; resolves with its result. */
export function runLoadInBackground(scenario) {
  const child = spawn(process.execPath, ['bench/load.mjs', scenarioFile(scenario)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(summarise(JSON.parse(output.trim().split('\n').pop())))
        : reject(new Error(`load exited ${code}`)),
    ),
  );
}

/** Peak resident set of a process (VmHWM), in MB. */
export function peakRss(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : null;
}

export async function loginToken(appUrl, email, password) {
  const res = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}
