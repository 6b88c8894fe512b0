import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { waitForHttp } from './helpers/spawn-app.js';
import { freePort } from './helpers/test-app.js';

/**
 * On a fresh cloud VM the checkout sits in root's home, mode 0700: the `postgres` user that the embedded
 * server runs as cannot reach anything under it. This copies the project into such a directory and runs
 * the README's two commands there as root: `npm ci && npm start` answers /health, and the tests' embedded
 * path passes. Runs only as root, and only in the embedded pass of `npm test` (DATABASE_URL unset).
 */
const skipReason =
  process.getuid?.() !== 0
    ? 'not running as root'
    : process.env.DATABASE_URL
      ? 'DATABASE_URL is set (this runs in the embedded pass)'
      : undefined;
if (skipReason) console.log(`Skipping the private-checkout-as-root test: ${skipReason}`);
const describeAsRoot = skipReason ? describe.skip : describe;

describeAsRoot('A checkout under a private (0700) directory, as root', () => {
  let privateDir: string;
  let checkout: string;

  beforeAll(() => {
    privateDir = mkdtempSync(join(tmpdir(), 'qgig-private-'));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    checkout = join(privateDir, 'qgig');
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of tracked) {
      mkdirSync(join(checkout, dirname(file)), { recursive: true });
      execFileSync('cp', ['-p', file, join(checkout, file)]);
    }
  });

  afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

  it('npm ci && npm start answers /health, with the database outside the private directory', async () => {
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    const [port, databasePort, pesapalPort] = [await freePort(), await freePort(), await freePort()];
    const app = spawn('npm', ['start'], {
      cwd: checkout,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        PORT: String(port),
        EMBEDDED_PG_PORT: String(databasePort),
        PESAPAL_EMULATOR_PORT: String(pesapalPort),
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => app.on('exit', resolve));
    let databaseHome: string | undefined;
    try {
      const health = await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000).catch((error) => {
        throw new Error(`${(error as Error).message}\n${output}`);
      });
      expect(await health.json()).toEqual({ status: 'ok' });
      const dataDir = /data in ([^)]+)\)/.exec(output)?.[1];
      expect(dataDir).toBeDefined();
      expect(dataDir!.startsWith(privateDir)).toBe(false);
      databaseHome = dirname(dataDir!);
    } finally {
      // As a container runtime would: the signal goes to node itself, not to npm in front of it.
      for (const pid of descendants(app.pid!)) process.kill(pid, 'SIGTERM');
      await exited;
      if (databaseHome) rmSync(databaseHome, { recursive: true, force: true });
    }
    expect(output).toContain('Stopped cleanly');
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
  }, 300_000);

  it("the tests' embedded path passes", () => {
    const output = run('node', [
      '--experimental-vm-modules',
      'node_modules/jest/bin/jest.js',
      '--selectProjects=e2e',
      '--runTestsByPath',
      'test/health.e2e-spec.ts',
    ]);
    expect(output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(output).toContain('health.e2e-spec.ts');
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
  }, 300_000);

  /** Runs a command in the copy with a bare environment; stdout and stderr together, or a readable error. */
  function run(command: string, args: string[]): string {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    const result = spawnSync(command, args, { cwd: checkout, env, encoding: 'utf8' });
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${output}`);
    return output;
  }
});

function descendants(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  const all = children.flatMap((child) => [child, ...descendants(child)]);
  return all.filter((candidate) => /(^|\/)node dist\/src\/main\.js/.test(commandOf(candidate)));
}

function commandOf(pid: number): string {
  return spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
}
