import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { FileStorage } from './file-storage.js';

const SAFE_KEY = /^[a-z0-9]+(?:\/[a-z0-9]+)*\.[a-z0-9]+$/;

/** Files under one directory (STORAGE_DIR), written to a temporary name and renamed into place. */
export class LocalDiskStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, data, { mode: 0o600, flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const path = join(this.root, key);
    // Keys are ours, but a path outside the root must be impossible whatever a caller passes.
    if (!SAFE_KEY.test(key) || !path.startsWith(this.root + sep)) {
      throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    }
    return path;
  }
}
