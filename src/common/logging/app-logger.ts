import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { currentRequestId } from './request-logging.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's Logger written to the root pino logger: `new Logger(Context).log(...)` anywhere in the app becomes
 * one JSON line with `context`, and `requestId` while a request is being served. Objects are merged into
 * the line (`logger.error({ err, jobId }, 'message')`); a trailing string argument is the context, as Nest
 * passes it.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const requestId = currentRequestId();
    if (requestId) fields.requestId = requestId;
    const args = [...rest];
    if (args.length > 0 && typeof args[args.length - 1] === 'string') fields.context = args.pop();
    // Nest's own exception handlers call error(message, stack, context).
    const stack =
      typeof args[0] === 'string' && /\n\s*at /.test(args[0]) ? (args.shift() as string) : undefined;

    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message });
    } else if (typeof message === 'object' && message !== null) {
      const text = typeof args[0] === 'string' ? (args.shift() as string) : undefined;
      this.root[level]({ ...fields, ...message }, text);
    } else if (stack) {
      const err = new Error(String(message));
      err.stack = stack;
      this.root[level]({ ...fields, err });
    } else {
      this.root[level](fields, String(message));
    }
  }
}
