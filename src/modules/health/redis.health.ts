import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/configuration.js';

const REDIS_PING_TIMEOUT_MS = 1_000;

/**
 * Readiness of the Redis behind REDIS_URL. One long-lived connection, opened by the first check and
 * re-established by ioredis after an outage; a PING that does not answer within a second counts as down.
 *
 * A client of its own rather than the rate limiter's: that one belongs to the Fastify plugin (created and
 * closed outside Nest's lifecycle) and is tuned to fail open, while this check must fail fast. It costs one
 * idle connection per instance.
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client: Redis | undefined;

  constructor(
    private readonly indicators: HealthIndicatorService,
    config: ConfigService<AppConfig, true>,
  ) {
    const url = config.get('rateLimit', { infer: true }).redisUrl;
    this.client = url
      ? new Redis(url, {
          lazyConnect: true,
          connectionName: 'qgig:readiness',
          connectTimeout: REDIS_PING_TIMEOUT_MS,
          commandTimeout: REDIS_PING_TIMEOUT_MS,
          // While Redis is down, queued PINGs are failed after each couple of reconnect attempts, not kept.
          maxRetriesPerRequest: 1,
        })
      : undefined;
    // The check reports failures; without a listener ioredis prints every failed reconnect to stderr.
    this.client?.on('error', () => undefined);
  }

  /** False without REDIS_URL: readiness then has no Redis check at all. */
  get configured(): boolean {
    return this.client !== undefined;
  }

  pingCheck(key: string): HealthCheckAttempt<string> {
    const client = this.client;
    if (!client) throw new Error('pingCheck needs REDIS_URL');
    return this.indicators
      .check(key)
      .attempt(async () => {
        await client.ping();
      })
      .withTimeout(REDIS_PING_TIMEOUT_MS);
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
