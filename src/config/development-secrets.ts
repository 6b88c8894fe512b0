import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** Secrets that development and test generate for themselves when unset; production must set them. */
const GENERATED = {
  JWT_ACCESS_SECRET: () => randomBytes(48).toString('base64'),
  TOTP_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  DOCUMENTS_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
} as const;
const NAMES = Object.keys(GENERATED) as (keyof typeof GENERATED)[];

/**
 * Outside production, fills unset secrets from `<dataDir>/development-secrets.json`, creating the file
 * with fresh random values the first time, so tokens survive restarts and nothing needs to be set to try
 * the service. Returns a new environment object; the given one is not changed.
 */
export function withDevelopmentSecrets(env: Env, dataDir = '.data'): Env {
  if (env.NODE_ENV === 'production' || NAMES.every((name) => env[name])) return env;

  const file = join(dataDir, 'development-secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of NAMES) {
    if (!stored[name]) {
      stored[name] = GENERATED[name]();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const filled: Env = { ...env };
  for (const name of NAMES) filled[name] ||= stored[name];
  return filled;
}
