import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/configuration.js';

/**
 * With METRICS_TOKEN set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open.
 * The token is a shared secret of the monitoring system, not a user's access token.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(config: ConfigService<AppConfig, true>) {
    const token = config.get('metrics', { infer: true }).token;
    this.expected = token === undefined ? undefined : digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const http = context.switchToHttp();
    const presented = /^Bearer\s+(\S+)$/i.exec(
      http.getRequest<FastifyRequest>().headers.authorization ?? '',
    )?.[1];
    // Comparing digests keeps the comparison constant-time whatever the presented token's length.
    if (presented !== undefined && timingSafeEqual(digest(presented), this.expected)) return true;
    void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
    throw new DomainError(
      'UNAUTHENTICATED',
      'Metrics need the scrape token: send "Authorization: Bearer <METRICS_TOKEN>".',
    );
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
