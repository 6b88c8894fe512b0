import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DomainError } from '../../common/errors/domain-error.js';
import type { ReadinessResponseDto } from './health.dto.js';
import { RedisHealthIndicator } from './redis.health.js';

const DATABASE_PING_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  async readiness(): Promise<ReadinessResponseDto> {
    try {
      const result = await this.checks.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
        ...(this.redis.configured ? [() => this.redis.pingCheck('redis')] : []),
      ]);
      return { status: 'ok', checks: result.details };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const details = (error.getResponse() as { details?: Record<string, { status: string }> }).details ?? {};
      const down = Object.keys(details).filter((name) => details[name].status !== 'up');
      throw new DomainError(
        'NOT_READY',
        `Not ready: ${down.join(', ') || 'a dependency'} is not answering.`,
        {
          checks: Object.fromEntries(Object.entries(details).map(([name, { status }]) => [name, { status }])),
        },
      );
    }
  }
}
