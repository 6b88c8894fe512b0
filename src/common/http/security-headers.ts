import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { AppConfig } from '../../config/configuration.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/**
 * helmet's security headers for our one policy, worked out once at start: the policy does not depend on
 * the request, so every response gets the same precomputed set from an onRequest hook instead of helmet
 * running per request.
 */
export function securityHeaders(config: Pick<AppConfig, 'env'>): Record<string, string> {
  const middleware = helmet({
    // Swagger UI at /docs needs inline styles and data: images; everything else stays same-origin.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: config.env === 'production' ? [] : null,
      },
    },
    // Telling browsers "HTTPS only" for localhost would break every other local project.
    strictTransportSecurity: config.env === 'production',
  });
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => undefined,
  };
  let failure: unknown;
  middleware(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => (failure = error),
  );
  if (failure) throw failure;
  return headers;
}

/** Every response carries the security headers and its request id (X-Request-Id), set by one hook. */
export function registerResponseHeaders(fastify: FastifyInstance, headers: Record<string, string>): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers).header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
