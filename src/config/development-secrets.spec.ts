import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDevelopmentSecrets } from './development-secrets.js';

describe('withDevelopmentSecrets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'qgig-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a strong secret once and reuses it across restarts', () => {
    const first = withDevelopmentSecrets({}, dir);
    const second = withDevelopmentSecrets({}, dir);
    expect(first.JWT_ACCESS_SECRET).toHaveLength(64);
    expect(second.JWT_ACCESS_SECRET).toBe(first.JWT_ACCESS_SECRET);
    const file = join(dir, 'development-secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).JWT_ACCESS_SECRET).toBe(first.JWT_ACCESS_SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps a secret that is set and never generates one in production', () => {
    expect(withDevelopmentSecrets({ JWT_ACCESS_SECRET: 'mine' }, dir).JWT_ACCESS_SECRET).toBe('mine');
    expect(withDevelopmentSecrets({ NODE_ENV: 'production' }, dir).JWT_ACCESS_SECRET).toBeUndefined();
  });
});
