import type { FastifyCorsOptions } from '@fastify/cors';
import type { IncomingHttpHeaders } from 'node:http';

/** Response headers a browser app may read. */
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'];

/**
 * Which browser origins may call the API (CORS_ORIGINS; `*` for any, then without credentials). One rule
 * for both places that answer: @fastify/cors on the app's routes, and the load shedder's 503, which is
 * written before Fastify sees the request.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;

  constructor(private readonly origins: string[]) {
    this.anyOrigin = origins.includes('*');
  }

  /** The options for @fastify/cors. */
  get fastifyOptions(): FastifyCorsOptions {
    return {
      origin: this.anyOrigin ? true : this.origins,
      credentials: !this.anyOrigin,
      exposedHeaders: EXPOSED_HEADERS,
    };
  }

  /** The headers @fastify/cors would add to a response to this request (none for a foreign origin). */
  headersFor({ origin }: IncomingHttpHeaders): Record<string, string> {
    if (!origin || !(this.anyOrigin || this.origins.includes(origin))) return {};
    return {
      'access-control-allow-origin': origin,
      ...(!this.anyOrigin && { 'access-control-allow-credentials': 'true' }),
      'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
      vary: 'Origin',
    };
  }
}
