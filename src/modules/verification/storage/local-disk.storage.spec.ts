import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from './local-disk.storage.js';

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'qgig-storage-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('puts, gets and deletes, leaving no temporary file', async () => {
    await storage.put('documents/ab/abcdef.bin', Buffer.from('sealed'));
    expect((await storage.get('documents/ab/abcdef.bin')).toString()).toBe('sealed');
    expect(readdirSync(join(root, 'documents/ab'))).toEqual(['abcdef.bin']);
    await storage.delete('documents/ab/abcdef.bin');
    await storage.delete('documents/ab/abcdef.bin');
    await expect(storage.get('documents/ab/abcdef.bin')).rejects.toThrow(/ENOENT/);
  });

  it.each(['../escape.bin', 'documents/../../x.bin', '/etc/passwd', 'Documents/A.bin', 'no-extension'])(
    'refuses the key %s',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(/Invalid storage key/);
    },
  );
});
