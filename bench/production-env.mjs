// The environment the benchmarks run the app with: production mode with every variable production
// requires, PesaPal pointed at the emulator (started by the bench as its own process) through
// PESAPAL_BASE_URL, as a deployment would point it at sandbox. Secrets are bench-only values.
export const BENCH_JWT_SECRET = 'bench-only-secret-that-is-long-enough-0123456789';
export const BENCH_EMULATOR_PORT = 3199;
export const BENCH_PESAPAL_KEY = 'bench-consumer-key';
export const BENCH_PESAPAL_SECRET = 'bench-consumer-secret';

export function productionEnv({ port, databaseUrl, poolSize, heapMb }) {
  return {
    NODE_ENV: 'production',
    // As the Docker image sizes it (README, "Memory"): without a cap V8 grows the heap into free memory.
    NODE_OPTIONS: `--max-old-space-size=${heapMb} --max-semi-space-size=16`,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    JWT_ACCESS_SECRET: BENCH_JWT_SECRET,
    JWT_ACCESS_TTL: '2h',
    TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    DOCUMENTS_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
    SMTP_URL: 'smtp://127.0.0.1:2525',
    PESAPAL_ENV: 'sandbox',
    PESAPAL_BASE_URL: `http://127.0.0.1:${BENCH_EMULATOR_PORT}/pesapalv3`,
    PESAPAL_CONSUMER_KEY: BENCH_PESAPAL_KEY,
    PESAPAL_CONSUMER_SECRET: BENCH_PESAPAL_SECRET,
    METRICS_TOKEN: 'bench-metrics-token',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    FRONTEND_URL: 'http://localhost:5173',
    // Production's own log level: one line per request, written (to /dev/null here) like in production.
    LOG_LEVEL: 'info',
    // The per-IP limit stays on (its cost is measured) but high enough for one load generator's address.
    RATE_LIMIT_MAX: '1000000',
    SCHEDULER_ENABLED: 'false',
  };
}

export function emulatorEnv() {
  return {
    PESAPAL_EMULATOR_PORT: String(BENCH_EMULATOR_PORT),
    HOST: '127.0.0.1',
    PESAPAL_CONSUMER_KEY: BENCH_PESAPAL_KEY,
    PESAPAL_CONSUMER_SECRET: BENCH_PESAPAL_SECRET,
  };
}
