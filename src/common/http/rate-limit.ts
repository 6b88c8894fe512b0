import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/configuration.js';
import { DomainError } from '../errors/domain-error.js';

/**
 * A default limit per client IP on every route (@fastify/rate-limit). Counters live in Redis when
 * REDIS_URL is set, so several instances behind a load balancer share them; otherwise in memory.
 * A route opts out or sets its own limit with `@RouteConfig({ rateLimit: false | { max, timeWindow } })`.
 */
export async function registerRateLimit(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const { max, windowMs, redisUrl } = config.rateLimit;
  const redis = redisUrl
    ? new Redis(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowMs,
    redis,
    nameSpace: 'qgig:rate-limit:',
    // If Redis is briefly unreachable, serve the request rather than fail every call.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new DomainError(
        'RATE_LIMITED',
        `Too many requests: at most ${context.max} are allowed in this period. Retry in ${context.after}.`,
      ),
  });
  if (redis) {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => {
        await redis.quit();
      });
  }
}
