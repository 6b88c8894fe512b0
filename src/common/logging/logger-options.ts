import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/configuration.js';

/** Never logged, wherever they appear in a logged object. Compiled once, when the root logger is built. */
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

/**
 * The one pino logger of the process: Fastify logs requests through it and Nest's Logger writes to it
 * (AppLogger). Lines are JSON on stdout, or pretty in development; `destination` replaces stdout in tests.
 */
export function createRootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport:
      config.log.pretty && !destination
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
