import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../../config/configuration.js';

/** Never logged, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.otp',
  '*.secret',
  '*.consumerSecret',
  '*.authorization',
];

export function buildLoggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify has already chosen the id (kept from X-Request-Id or new): use the same one.
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
    // Every line logged while serving a request carries `requestId`, not the whole request object.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // Load balancers poll /health every few seconds; those lines would drown the rest.
    autoLogging: { ignore: (req: IncomingMessage) => originalUrl(req).startsWith('/health') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { method: string; url: string; remoteAddress?: string }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    transport:
      config.log.pretty && !destination
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // Nest adds the routes excluded from the /api/v1 prefix (health) itself; the package's default
    // would add them a second time and log those requests twice.
    forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
  };
}

/** Middleware mounted on a path sees `url` relative to it; `originalUrl` is the request's own. */
function originalUrl(req: IncomingMessage): string {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
}
