import { ConfigValidationError, loadConfig } from './configuration.js';

const TOTP_KEY = Buffer.alloc(32, 7).toString('base64');
const KEYS = { TOTP_ENCRYPTION_KEY: TOTP_KEY, DOCUMENTS_ENCRYPTION_KEY: TOTP_KEY };
const DEV_SECRET = { JWT_ACCESS_SECRET: 'dev-secret', ...KEYS };
const PROD_SECRET = 'p'.repeat(32);

function failureOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('needs nothing but a secret in development and picks safe defaults', () => {
    const config = loadConfig(DEV_SECRET);
    expect(config.env).toBe('development');
    expect(config.http).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      frontendUrl: 'http://localhost:5173',
      corsOrigins: ['http://localhost:5173'],
      bodyLimitBytes: 1024 * 1024,
    });
    expect(config.database).toMatchObject({
      url: undefined,
      embedded: true,
      embeddedPort: 54329,
      migrationsRun: true,
    });
    expect(config.log).toEqual({ level: 'info', pretty: true });
    expect(config.rateLimit).toEqual({ max: 300, windowMs: 60_000, redisUrl: undefined });
  });

  it('uses DATABASE_URL when given and then runs migrations only when asked', () => {
    const url = 'postgresql://qgig@db:5432/qgig';
    expect(loadConfig({ ...DEV_SECRET, DATABASE_URL: url }).database).toMatchObject({
      url,
      embedded: false,
      migrationsRun: false,
    });
    expect(
      loadConfig({ ...DEV_SECRET, DATABASE_URL: url, MIGRATIONS_RUN: 'true' }).database.migrationsRun,
    ).toBe(true);
  });

  it('derives PUBLIC_URL from PORT and CORS_ORIGINS from FRONTEND_URL, without trailing slashes', () => {
    const config = loadConfig({ ...DEV_SECRET, PORT: '8080', FRONTEND_URL: 'https://app.qgig.ug/' });
    expect(config.http.publicUrl).toBe('http://localhost:8080');
    expect(config.http.corsOrigins).toEqual(['https://app.qgig.ug']);
    expect(
      loadConfig({ ...DEV_SECRET, CORS_ORIGINS: 'https://a.ug, https://b.ug/' }).http.corsOrigins,
    ).toEqual(['https://a.ug', 'https://b.ug']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...DEV_SECRET, PORT: '', DATABASE_URL: '' }).http.port).toBe(3000);
  });

  it('logs JSON and silently in test, JSON in production', () => {
    expect(loadConfig({ ...DEV_SECRET, NODE_ENV: 'test' }).log).toEqual({ level: 'silent', pretty: false });
    expect(loadConfig({ NODE_ENV: 'production', JWT_ACCESS_SECRET: PROD_SECRET, ...KEYS }).log).toEqual({
      level: 'info',
      pretty: false,
    });
  });

  it('refuses a production JWT secret shorter than 32 bytes, naming the variable', () => {
    expect(failureOf({ NODE_ENV: 'production', JWT_ACCESS_SECRET: 'p'.repeat(31), ...KEYS })).toBe(
      'Invalid configuration: JWT_ACCESS_SECRET must be at least 32 bytes when NODE_ENV=production (try: openssl rand -base64 48)',
    );
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_ACCESS_SECRET: PROD_SECRET, ...KEYS }).auth.jwtAccessSecret,
    ).toBe(PROD_SECRET);
  });

  it('requires a JWT secret at all', () => {
    expect(failureOf({ ...KEYS })).toBe('Invalid configuration: JWT_ACCESS_SECRET is required');
  });

  it('requires a 32-byte base64 TOTP_ENCRYPTION_KEY', () => {
    expect(failureOf({ JWT_ACCESS_SECRET: 'dev-secret', DOCUMENTS_ENCRYPTION_KEY: TOTP_KEY })).toBe(
      'Invalid configuration: TOTP_ENCRYPTION_KEY is required (try: openssl rand -base64 32)',
    );
    expect(failureOf({ ...DEV_SECRET, TOTP_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toBe(
      'Invalid configuration: TOTP_ENCRYPTION_KEY must be 32 bytes in base64 (try: openssl rand -base64 32)',
    );
    expect(loadConfig(DEV_SECRET).auth.totpEncryptionKey).toHaveLength(32);
  });

  it('requires a 32-byte base64 DOCUMENTS_ENCRYPTION_KEY and defaults STORAGE_DIR', () => {
    expect(failureOf({ ...DEV_SECRET, DOCUMENTS_ENCRYPTION_KEY: 'not base64!' })).toBe(
      'Invalid configuration: DOCUMENTS_ENCRYPTION_KEY must be 32 bytes in base64 (try: openssl rand -base64 32)',
    );
    expect(loadConfig(DEV_SECRET).storage).toEqual({
      dir: '.data/uploads',
      documentsKey: Buffer.alloc(32, 7),
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT must be a port number'],
    ['PORT', '70000', 'PORT must be between 0 and 65535'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be development, test or production'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['MIGRATIONS_RUN', 'yes', 'MIGRATIONS_RUN must be true or false'],
    ['JWT_ACCESS_TTL', '15 minutes', 'JWT_ACCESS_TTL must be a duration such as 15m, 12h or 30d'],
    ['FRONTEND_URL', 'not a url', 'FRONTEND_URL must be an http(s) URL'],
    ['CORS_ORIGINS', 'https://ok.ug,nope', 'CORS_ORIGINS "nope" is not an origin'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL must be a redis:// or rediss:// URL'],
    ['RATE_LIMIT_MAX', '0', 'RATE_LIMIT_MAX must be at least 1'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(failureOf({ ...DEV_SECRET, [name]: value })).toContain(message);
  });

  it('reports every problem in one line', () => {
    const message = failureOf({ NODE_ENV: 'production', PORT: 'x', EMBEDDED_PG_PORT: '-1' });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^Invalid configuration: /);
    for (const name of ['PORT', 'EMBEDDED_PG_PORT', 'JWT_ACCESS_SECRET']) expect(message).toContain(name);
  });
});
