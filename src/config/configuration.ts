import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { durationMs } from './duration.js';
import { productionProblems } from './production-requirements.js';

/**
 * Every environment variable the service reads, validated once at start-up.
 * `process.env` is read nowhere else: the typed {@link AppConfig} is injected through @nestjs/config.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);

const wholeNumber = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(max, `must be at most ${max}`);

const DURATION = /^\d+[smhd]$/;
const duration = z.string().regex(DURATION, 'must be a duration such as 15m, 12h or 30d');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], {
    error: 'must be development, test or production',
  }),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  PUBLIC_URL: httpUrl.optional(),
  FRONTEND_URL: httpUrl.default('http://localhost:5173'),
  CORS_ORIGINS: z.string().optional(),
  TRUST_PROXY: booleanFlag.default(false),
  SHUTDOWN_TIMEOUT_SECONDS: positiveInt(300).default(10),
  MAX_IN_FLIGHT: positiveInt(100_000).default(128),
  REFUSAL_DELAY_MS: wholeNumber(10_000).default(250),
  ACCEPT_SOCKETS: positiveInt(256).default(32),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  EMBEDDED_PG_PORT: port.default(54329),
  DATABASE_POOL_SIZE: positiveInt(200).default(10),
  MIGRATIONS_RUN: booleanFlag.default(false),
  JWT_ACCESS_SECRET: z.string().optional(),
  JWT_ACCESS_TTL: duration.default('15m'),
  REFRESH_TTL: duration.default('30d'),
  BCRYPT_THREADS: positiveInt(64).default(availableParallelism()),
  BCRYPT_MAX_WAITING: positiveInt(10_000).default(64),
  BCRYPT_NICE: z.coerce.number().int().min(0, 'must be 0–19').max(19, 'must be 0–19').default(10),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  RATE_LIMIT_MAX: positiveInt(1_000_000).default(300),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(86_400).default(60),
  TOTP_ENCRYPTION_KEY: z.string().optional(),
  DOCUMENTS_ENCRYPTION_KEY: z.string().optional(),
  SCHEDULER_ENABLED: booleanFlag.default(true),
  PESAPAL_ENV: z
    .enum(['emulator', 'sandbox', 'live'], { error: 'must be emulator, sandbox or live' })
    .optional(),
  PESAPAL_CONSUMER_KEY: z.string().min(1).optional(),
  PESAPAL_CONSUMER_SECRET: z.string().min(1).optional(),
  PESAPAL_BASE_URL: httpUrl.optional(),
  PESAPAL_EMULATOR_PORT: port.default(3099),
  PESAPAL_TIMEOUT_SECONDS: positiveInt(120).default(15),
  PAYMENT_EXPIRY_MINUTES: positiveInt(7 * 24 * 60).default(60),
  PAYMENT_RECONCILE_INTERVAL_SECONDS: positiveInt(86_400).default(60),
  JOB_SWEEP_INTERVAL_SECONDS: positiveInt(86_400).default(60),
  JOB_AUTO_COMPLETE_HOURS: positiveInt(24 * 365).default(48),
  PLATFORM_FEE_PERCENT: wholeNumber(100).default(10),
  EARNINGS_HOLD_HOURS: wholeNumber(24 * 90).default(72),
  PAYOUT_MIN_UGX: positiveInt(10_000_000).default(5000),
  DISPUTE_WINDOW_HOURS: wholeNumber(24 * 90).default(48),
  CONFIRM_BEFORE_HOURS: wholeNumber(24 * 7).default(12),
  TIMESHEET_AUTO_APPROVE_HOURS: wholeNumber(24 * 30).default(48),
  STORAGE_DIR: z.string().min(1).default('.data/uploads'),
  SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\/\S+$/,
      'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587',
    )
    .optional(),
  MAIL_FROM: z.string().min(3).default('Qgig <no-reply@qgig.ug>'),
  OUTBOX_POLL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0.1, 'must be at least 0.1')
    .max(3600, 'must be at most 3600')
    .default(5),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 32)').optional(),
});

export type NodeEnv = 'development' | 'test' | 'production';
export type PesapalEnv = 'emulator' | 'sandbox' | 'live';

/** PesaPal API 3.0 base URLs (docs/pesapal.md). */
export const PESAPAL_BASE_URLS: Record<Exclude<PesapalEnv, 'emulator'>, string> = {
  sandbox: 'https://cybqa.pesapal.com/pesapalv3',
  live: 'https://pay.pesapal.com/v3',
};
/** The emulator's built-in merchant (src/pesapal-emulator); only ever used with PESAPAL_ENV=emulator. */
const EMULATOR_CREDENTIALS = { key: 'qgig-emulator-key', secret: 'qgig-emulator-secret' };

export interface AppConfig {
  env: NodeEnv;
  http: {
    host: string;
    port: number;
    publicUrl: string;
    frontendUrl: string;
    corsOrigins: string[];
    trustProxy: boolean;
    bodyLimitBytes: number;
    shutdownTimeoutMs: number;
    /** Load shedding (common/http/load-shedding.ts): requests served at once, and the pause before a 503. */
    admission: { maxInFlight: number; refusalDelayMs: number };
    /** Listening sockets for the one port (common/http/accept-sockets.ts). */
    acceptSockets: number;
  };
  database: {
    /** Unset until start-up decides: the given DATABASE_URL, or the embedded server's URL. */
    url: string | undefined;
    embedded: boolean;
    embeddedPort: number;
    poolSize: number;
    migrationsRun: boolean;
  };
  auth: {
    jwtAccessSecret: string;
    jwtAccessTtl: string;
    refreshTtl: string;
    /** Password hashing: worker threads, queue bound, their nice value (password/bcrypt-pool.ts). */
    bcrypt: { threads: number; maxWaiting: number; nice: number };
    /** 32 bytes; seals 2FA secrets at rest (AES-256-GCM). */
    totpEncryptionKey: Buffer;
  };
  mail: { smtpUrl: string | undefined; from: string; outboxPollMs: number };
  pesapal: {
    env: PesapalEnv;
    /** API base URL (PESAPAL_BASE_URL, or the environment's); undefined = start the in-process emulator. */
    baseUrl: string | undefined;
    consumerKey: string;
    consumerSecret: string;
    emulatorPort: number;
    timeoutMs: number;
    /** Where PesaPal sends IPNs: PUBLIC_URL/api/v1/payments/webhook. */
    ipnUrl: string;
    /** Where the payer's browser returns: PUBLIC_URL/api/v1/payments/callback. */
    callbackUrl: string;
  };
  payments: { expiryMinutes: number; reconcileIntervalMs: number };
  money: {
    /** Commission on a job, in basis points (PLATFORM_FEE_PERCENT × 100), frozen on the job at acceptance. */
    platformFeeBps: number;
    /** Earnings wait this long after completion before they can be paid out. */
    earningsHoldHours: number;
    payoutMinimum: number;
    /** A dispute can be opened until this long after completion. */
    disputeWindowHours: number;
  };
  shifts: {
    /** A booked shift must be confirmed this long before its start, or the institution is warned. */
    confirmBeforeHours: number;
    /** A submitted timesheet the institution leaves alone is approved this long after submission. */
    timesheetAutoApproveHours: number;
  };
  scheduler: {
    /** False: this instance runs no periodic work (another instance, or a test, drives it). */
    enabled: boolean;
    jobSweepMs: number;
    jobAutoCompleteHours: number;
  };
  storage: {
    /** Local-disk driver root for encrypted files. */
    dir: string;
    /** 32 bytes; encrypts credential documents at rest (AES-256-GCM). */
    documentsKey: Buffer;
  };
  log: { level: string; pretty: boolean };
  /** Bearer token GET /metrics requires; unset = open. */
  metrics: { token: string | undefined };
  rateLimit: { max: number; windowMs: number; redisUrl: string | undefined };
}

export class ConfigValidationError extends Error {
  override name = 'ConfigValidationError';
}

/** Validates the raw environment and returns the typed configuration, or throws one readable line. */
export function loadConfig(raw: Record<string, string | undefined>): AppConfig {
  const input = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''),
  ) as Record<string, string>;
  input.NODE_ENV ??= 'development';

  const parsed = envSchema.safeParse(input);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)),
    ...productionProblems(input),
    ...crossFieldProblems(input),
  ];
  if (!parsed.success || problems.length > 0) {
    // One line per problem, each readable on its own in a log aggregator.
    throw new ConfigValidationError(
      problems.map((problem) => `Invalid configuration: ${problem}`).join('\n'),
    );
  }
  const env = parsed.data;
  const frontendUrl = stripTrailingSlash(env.FRONTEND_URL);
  const publicUrl = stripTrailingSlash(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`);
  const pesapalEnv = env.PESAPAL_ENV ?? (env.PESAPAL_CONSUMER_KEY ? 'sandbox' : 'emulator');
  const corsOrigins = splitList(env.CORS_ORIGINS);

  return {
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicUrl,
      frontendUrl,
      corsOrigins: corsOrigins.length > 0 ? corsOrigins : [frontendUrl],
      trustProxy: env.TRUST_PROXY,
      bodyLimitBytes: 1024 * 1024,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
      admission: { maxInFlight: env.MAX_IN_FLIGHT, refusalDelayMs: env.REFUSAL_DELAY_MS },
      acceptSockets: env.ACCEPT_SOCKETS,
    },
    database: {
      url: env.DATABASE_URL,
      embedded: env.DATABASE_URL === undefined,
      embeddedPort: env.EMBEDDED_PG_PORT,
      poolSize: env.DATABASE_POOL_SIZE,
      // The embedded database is ours to manage, so it is always brought up to date.
      migrationsRun: env.MIGRATIONS_RUN || env.DATABASE_URL === undefined,
    },
    auth: {
      jwtAccessSecret: env.JWT_ACCESS_SECRET as string,
      jwtAccessTtl: env.JWT_ACCESS_TTL,
      refreshTtl: env.REFRESH_TTL,
      bcrypt: { threads: env.BCRYPT_THREADS, maxWaiting: env.BCRYPT_MAX_WAITING, nice: env.BCRYPT_NICE },
      totpEncryptionKey: Buffer.from(env.TOTP_ENCRYPTION_KEY as string, 'base64'),
    },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      outboxPollMs: Math.round(env.OUTBOX_POLL_SECONDS * 1000),
    },
    pesapal: {
      env: pesapalEnv,
      baseUrl: env.PESAPAL_BASE_URL
        ? stripTrailingSlash(env.PESAPAL_BASE_URL)
        : pesapalEnv === 'emulator'
          ? undefined
          : PESAPAL_BASE_URLS[pesapalEnv],
      consumerKey: env.PESAPAL_CONSUMER_KEY ?? EMULATOR_CREDENTIALS.key,
      consumerSecret: env.PESAPAL_CONSUMER_SECRET ?? EMULATOR_CREDENTIALS.secret,
      emulatorPort: env.PESAPAL_EMULATOR_PORT,
      timeoutMs: env.PESAPAL_TIMEOUT_SECONDS * 1000,
      ipnUrl: `${publicUrl}/api/v1/payments/webhook`,
      callbackUrl: `${publicUrl}/api/v1/payments/callback`,
    },
    payments: {
      expiryMinutes: env.PAYMENT_EXPIRY_MINUTES,
      reconcileIntervalMs: env.PAYMENT_RECONCILE_INTERVAL_SECONDS * 1000,
    },
    money: {
      platformFeeBps: env.PLATFORM_FEE_PERCENT * 100,
      earningsHoldHours: env.EARNINGS_HOLD_HOURS,
      payoutMinimum: env.PAYOUT_MIN_UGX,
      disputeWindowHours: env.DISPUTE_WINDOW_HOURS,
    },
    shifts: {
      confirmBeforeHours: env.CONFIRM_BEFORE_HOURS,
      timesheetAutoApproveHours: env.TIMESHEET_AUTO_APPROVE_HOURS,
    },
    scheduler: {
      enabled: env.SCHEDULER_ENABLED,
      jobSweepMs: env.JOB_SWEEP_INTERVAL_SECONDS * 1000,
      jobAutoCompleteHours: env.JOB_AUTO_COMPLETE_HOURS,
    },
    storage: {
      dir: env.STORAGE_DIR,
      documentsKey: Buffer.from(env.DOCUMENTS_ENCRYPTION_KEY as string, 'base64'),
    },
    log: {
      level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
      pretty: (env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty',
    },
    metrics: { token: env.METRICS_TOKEN },
    rateLimit: {
      max: env.RATE_LIMIT_MAX,
      windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
      redisUrl: env.REDIS_URL,
    },
  };
}

/** Rules that depend on more than one variable, checked even when others are malformed. */
function crossFieldProblems(input: Record<string, string>): string[] {
  const problems: string[] = [];
  const production = input.NODE_ENV === 'production';
  const secret = input.JWT_ACCESS_SECRET;
  // In production a missing variable is already named by productionProblems.
  if (!secret) {
    if (!production) problems.push('JWT_ACCESS_SECRET is required');
  } else if (production && Buffer.byteLength(secret) < 32) {
    problems.push(
      'JWT_ACCESS_SECRET must be at least 32 bytes when NODE_ENV=production (try: openssl rand -base64 48)',
    );
  }
  for (const name of ['TOTP_ENCRYPTION_KEY', 'DOCUMENTS_ENCRYPTION_KEY']) {
    const key = input[name];
    if (!key) {
      if (!production) problems.push(`${name} is required (try: openssl rand -base64 32)`);
    } else if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length !== 32) {
      problems.push(`${name} must be 32 bytes in base64 (try: openssl rand -base64 32)`);
    }
  }
  const pesapalEnv = input.PESAPAL_ENV ?? (input.PESAPAL_CONSUMER_KEY ? 'sandbox' : 'emulator');
  if (
    !production &&
    pesapalEnv !== 'emulator' &&
    (!input.PESAPAL_CONSUMER_KEY || !input.PESAPAL_CONSUMER_SECRET)
  ) {
    problems.push(
      `PESAPAL_CONSUMER_KEY and PESAPAL_CONSUMER_SECRET are required with PESAPAL_ENV=${pesapalEnv} (your merchant keys from PesaPal)`,
    );
  }
  const accessTtl = input.JWT_ACCESS_TTL ?? '15m';
  const refreshTtl = input.REFRESH_TTL ?? '30d';
  if (
    DURATION.test(accessTtl) &&
    DURATION.test(refreshTtl) &&
    durationMs(refreshTtl) < durationMs(accessTtl)
  ) {
    // The per-request check trusts a token until its expiry once its session is not known to have ended,
    // so no access token may outlive the session (its refresh token) it was issued for.
    problems.push(`REFRESH_TTL (${refreshTtl}) must not be shorter than JWT_ACCESS_TTL (${accessTtl})`);
  }
  for (const origin of splitList(input.CORS_ORIGINS)) {
    if (origin !== '*' && !URL.canParse(origin)) {
      problems.push(`CORS_ORIGINS "${origin}" is not an origin such as https://app.example.com`);
    }
  }
  return problems;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => stripTrailingSlash(item.trim()))
    .filter((item) => item.length > 0);
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
