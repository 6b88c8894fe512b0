import type { FastifyRequest } from 'fastify';

/** The email in a JSON body, lower-cased, for per-account limits (the limit runs before validation). */
function bodyEmail(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/** Route limits on top of the global one (`@RouteConfig(...)`); counters in Redis when REDIS_URL is set. */
export const AUTH_RATE_LIMITS = {
  register: { rateLimit: { max: 10, timeWindow: 3_600_000 } },
  login: {
    rateLimit: {
      max: 5,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => `login:${request.ip}:${bodyEmail(request)}`,
    },
  },
  forgotPassword: {
    rateLimit: {
      max: 3,
      timeWindow: 3_600_000,
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => `forgot:${bodyEmail(request)}`,
    },
  },
} as const;
