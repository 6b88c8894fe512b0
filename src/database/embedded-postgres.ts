import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import {
  POSTGRES_USER,
  prepareEmbeddedPostgresFiles,
  removeEmbeddedPostgresFiles,
  type EmbeddedPostgresFiles,
} from './embedded-postgres-files.js';

export interface EmbeddedPostgresOptions {
  /** Data directory, e.g. `.data/postgres`; created and initialised on first start (moved when root). */
  dataDir: string;
  port: number;
  database?: string;
  /** Trade durability for speed (tests): no fsync, no synchronous commit. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

const PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;

export function embeddedDatabaseUrl(port: number, database = 'qgig'): string {
  return `postgresql://${POSTGRES_USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * A real PostgreSQL server run from the binaries of the `embedded-postgres` package, so the service and
 * its tests work on a machine with nothing but Node. It listens on 127.0.0.1 only. When something already
 * answers on the port with our credentials (another instance of the app, or the migration CLI while the
 * app runs), that server is used and left running on stop.
 */
export class EmbeddedPostgresServer {
  private process: ChildProcess | undefined;
  private files: EmbeddedPostgresFiles | undefined;
  private readonly log: string[] = [];
  readonly database: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.database = options.database ?? 'qgig';
  }

  get url(): string {
    return embeddedDatabaseUrl(this.options.port, this.database);
  }

  get adminUrl(): string {
    return embeddedDatabaseUrl(this.options.port, 'postgres');
  }

  /** For the start-up log: where the data really is (outside the checkout when running as root). */
  describe(): string {
    const where = `embedded PostgreSQL on 127.0.0.1:${this.options.port}`;
    return this.files ? `${where} (data in ${this.files.dataDir})` : `${where} (already running)`;
  }

  async start(): Promise<string> {
    if (await this.answers()) return this.url;
    const files = await prepareEmbeddedPostgresFiles(this.options.dataDir);
    this.files = files;
    try {
      if (!existsSync(join(files.dataDir, 'PG_VERSION'))) await this.initialise(files);
      this.process = await this.launch(files);
    } catch (error) {
      throw new Error(
        `Embedded PostgreSQL did not start (data directory ${files.dataDir}, port ${this.options.port}): ` +
          `${(error as Error).message}. If another server holds that port, set EMBEDDED_PG_PORT.`,
      );
    }
    await this.ensureDatabase();
    return this.url;
  }

  /** Fast shutdown (SIGINT: open transactions are rolled back), then waits for the process to end. */
  async stop(): Promise<void> {
    const server = this.process;
    this.process = undefined;
    if (!server || server.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGINT');
    });
  }

  /** Stops the server and deletes its data (and, as root, its copied programs). */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.files) removeEmbeddedPostgresFiles(this.files);
  }

  private async initialise(files: EmbeddedPostgresFiles): Promise<void> {
    const passwordFile = join(files.homeDir ?? dirname(files.dataDir), `.pg-password-${process.pid}`);
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (files.runAs) chownSync(passwordFile, files.runAs.uid, files.runAs.gid);
    try {
      await this.run(files, 'initdb', [
        `--pgdata=${files.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${POSTGRES_USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        // Unicode-aware case mapping with code-point ordering, the same on every machine.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        ...(this.options.ephemeral ? ['--no-sync'] : []),
      ]);
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  private run(files: EmbeddedPostgresFiles, program: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(files, program, args);
      child.stdout?.on('data', (chunk: Buffer) => this.record(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => this.record(chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${program} exited with ${code}: ${this.recentLog()}`)),
      );
    });
  }

  private launch(files: EmbeddedPostgresFiles): Promise<ChildProcess> {
    const flags = [
      ['listen_addresses', '127.0.0.1'],
      ['unix_socket_directories', ''],
      ['max_connections', '300'],
      ...(this.options.ephemeral
        ? [
            ['fsync', 'off'],
            ['synchronous_commit', 'off'],
            ['full_page_writes', 'off'],
          ]
        : []),
    ].flatMap(([name, value]) => ['-c', `${name}=${value}`]);
    const server = this.spawn(files, 'postgres', [
      '-D',
      files.dataDir,
      '-p',
      String(this.options.port),
      ...flags,
    ]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s: ${this.recentLog()}`));
      }, START_TIMEOUT_MS);
      // The server logs to stderr for as long as it runs; reading it keeps the pipe from filling up.
      server.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        this.record(text);
        if (text.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve(server);
        }
      });
      server.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited with ${code}: ${this.recentLog()}`));
      });
    });
  }

  private spawn(files: EmbeddedPostgresFiles, program: string, args: string[]): ChildProcess {
    return spawn(join(files.binDir, program), args, {
      ...files.runAs,
      // Its own process group: a Ctrl-C in the terminal reaches the app, which stops the server after
      // its own connections are closed, instead of killing the database under in-flight requests.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
  }

  private record(text: string): void {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      this.log.push(line);
      if (this.log.length > 50) this.log.shift();
      this.options.onLog?.(line);
    }
  }

  private recentLog(): string {
    return this.log.slice(-5).join(' ') || 'no output';
  }

  private async answers(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await this.ensureDatabase(client);
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async ensureDatabase(connected?: pg.Client): Promise<void> {
    const client = connected ?? new pg.Client({ connectionString: this.adminUrl });
    if (!connected) await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        this.database,
      ]);
      if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.database)}`);
    } finally {
      if (!connected) await client.end();
    }
  }
}
