// The production-equivalent baseline: plain Fastify with the plugins and per-request work the app has, and
// none of Nest. The same security headers (the app's own precomputed helmet set), the same rate limit (in
// memory, or Redis with REDIS_URL, as the app), CORS for the same origins, the same request ids, and the
// app's own request log line (its LogController, redaction and lazy child loggers; GET /health is not
// logged, as in the app). GET /api/v1/jobs
// does the app's database work with the app's own statements (as server.mjs). The gap between this server
// and the app is the framework's cost; the gap between it and server.mjs is the features' cost.
//   node bench/baseline/production-equivalent.mjs <port> <databaseUrl> <jwtSecret>
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { CorsPolicy } from '../../dist/src/common/http/cors-policy.js';
import { REQUEST_ID_HEADER, requestIdFor } from '../../dist/src/common/http/request-id.js';
import { securityHeaders } from '../../dist/src/common/http/security-headers.js';
import { REDACTED_PATHS } from '../../dist/src/common/logging/logger-options.js';
import { lazyChildLogger, RequestLogController } from '../../dist/src/common/logging/request-logging.js';
import { serveDiscovery } from './discovery-route.mjs';

const [port, databaseUrl, jwtSecret] = process.argv.slice(2);
const origins = (process.env.CORS_ORIGINS ?? process.env.FRONTEND_URL ?? 'http://localhost:5173').split(',');

const app = Fastify({
  loggerInstance: pino({
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }),
  logController: new RequestLogController(),
  childLoggerFactory: lazyChildLogger,
  genReqId: requestIdFor,
  bodyLimit: 1024 * 1024,
});
const headers = securityHeaders({ env: 'production' });
app.addHook('onRequest', (request, reply, done) => {
  reply.headers(headers);
  reply.header(REQUEST_ID_HEADER, request.id);
  done();
});
await app.register(cors, new CorsPolicy(origins).fastifyOptions);
await app.register(rateLimit, {
  global: true,
  max: Number(process.env.RATE_LIMIT_MAX ?? 300),
  timeWindow: 60_000,
  redis: process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined,
  nameSpace: 'qgig-bench:rate-limit:',
  skipOnError: true,
});

app.get('/health', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
await serveDiscovery(app, port, databaseUrl, jwtSecret);
