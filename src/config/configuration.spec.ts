import { ConfigValidationError, loadConfig } from './configuration.js';

const TOTP_KEY = Buffer.alloc(32, 7).toString('base64');
const KEYS = { TOTP_ENCRYPTION_KEY: TOTP_KEY, DOCUMENTS_ENCRYPTION_KEY: TOTP_KEY };
const DEV_SECRET = { JWT_ACCESS_SECRET: 'dev-secret', ...KEYS };
const PROD_SECRET = 'p'.repeat(32);
/** Everything production insists on, so a test can take one thing away. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://qgig@db:5432/qgig',
  JWT_ACCESS_SECRET: PROD_SECRET,
  ...KEYS,
  SMTP_URL: 'smtp://mail.example.com:587',
  PESAPAL_ENV: 'sandbox',
  PESAPAL_CONSUMER_KEY: 'merchant-key',
  PESAPAL_CONSUMER_SECRET: 'merchant-secret',
  METRICS_TOKEN: 'metrics-token-0123456789',
  PUBLIC_URL: 'https://api.qgig.ug',
  FRONTEND_URL: 'https://app.qgig.ug',
};

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
    expect(loadConfig(PRODUCTION).log).toEqual({
      level: 'info',
      pretty: false,
    });
  });

  it('refuses a production JWT secret shorter than 32 bytes, naming the variable', () => {
    expect(failureOf({ ...PRODUCTION, JWT_ACCESS_SECRET: 'p'.repeat(31) })).toBe(
      'Invalid configuration: JWT_ACCESS_SECRET must be at least 32 bytes when NODE_ENV=production (try: openssl rand -base64 48)',
    );
    expect(loadConfig(PRODUCTION).auth.jwtAccessSecret).toBe(PROD_SECRET);
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
    ['REFRESH_TTL', '10m', 'REFRESH_TTL (10m) must not be shorter than JWT_ACCESS_TTL (15m)'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(failureOf({ ...DEV_SECRET, [name]: value })).toContain(message);
  });

  it('reports every problem at once, one line each', () => {
    const message = failureOf({ NODE_ENV: 'development', PORT: 'x', EMBEDDED_PG_PORT: '-1' });
    const lines = message.split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^Invalid configuration: /);
    for (const name of ['PORT', 'EMBEDDED_PG_PORT', 'JWT_ACCESS_SECRET']) expect(message).toContain(name);
  });
});

describe('loadConfig in production (fails closed)', () => {
  const REQUIRED = [
    'DATABASE_URL',
    'JWT_ACCESS_SECRET',
    'TOTP_ENCRYPTION_KEY',
    'DOCUMENTS_ENCRYPTION_KEY',
    'SMTP_URL',
    'PESAPAL_CONSUMER_KEY',
    'PESAPAL_CONSUMER_SECRET',
    'PESAPAL_ENV',
    'METRICS_TOKEN',
    'PUBLIC_URL',
    'FRONTEND_URL',
  ];

  it('starts with everything set, talking to PesaPal itself and a real database', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.database.embedded).toBe(false);
    expect(config.pesapal).toMatchObject({ env: 'sandbox', baseUrl: 'https://cybqa.pesapal.com/pesapalv3' });
    expect(config.mail.smtpUrl).toBe('smtp://mail.example.com:587');
  });

  it('with nothing set, names every missing variable on a line of its own', () => {
    const lines = failureOf({ NODE_ENV: 'production' }).split('\n');
    expect(lines).toHaveLength(REQUIRED.length);
    REQUIRED.forEach((name, index) =>
      expect(lines[index]).toMatch(
        new RegExp(`^Invalid configuration: ${name} is required when NODE_ENV=production: `),
      ),
    );
  });

  it.each(REQUIRED)('without %s, refuses with exactly the line for it', (name) => {
    const { [name]: _removed, ...rest } = PRODUCTION;
    const lines = failureOf(rest).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^Invalid configuration: ${name} is required when NODE_ENV=production: `),
    );
  });

  it('refuses the PesaPal emulator', () => {
    expect(failureOf({ ...PRODUCTION, PESAPAL_ENV: 'emulator' })).toBe(
      'Invalid configuration: PESAPAL_ENV=emulator is refused when NODE_ENV=production: use sandbox or live with your merchant keys',
    );
  });

  it('keeps the zero-setup defaults outside production', () => {
    const config = loadConfig({ ...DEV_SECRET, NODE_ENV: 'test' });
    expect(config.database.embedded).toBe(true);
    expect(config.pesapal.env).toBe('emulator');
    expect(config.mail.smtpUrl).toBeUndefined();
  });
});
