import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn, Logger } from 'pino';

/** The id of the request being served, for log lines written by code that has no request at hand. */
const requestIds = new AsyncLocalStorage<string>();

export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/**
 * One line per request, written by Fastify when the response is finished (no Express-style middleware):
 * `request completed` with the request id, method, URL, client address, status and time in ms; 4xx at
 * warn, 5xx at error. Load balancers poll /health every few seconds, so those requests are not logged.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId', disableRequestLogging: isHealthCheck });
  }

  override incomingRequest(): void {
    // The completion line says everything; one line per request.
  }

  override routeNotFound(): void {
    // Answered as a 404 problem by Nest and logged by requestCompleted.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const status = reply.statusCode;
    const line = {
      requestId: request.id,
      req: { method: request.method, url: request.url, remoteAddress: request.ip },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime),
      ...(error && { err: error }),
    };
    // Through the root logger with the id in the line: no per-request child logger is needed for it.
    const root = request.server.log as unknown as Logger;
    if (error || status >= 500) root.error(line, 'request errored');
    else if (status >= 400) lineLogger(root).warn(line, 'request completed');
    else lineLogger(root).info(line, 'request completed');
  }
}

const lineLoggers = new WeakMap<Logger, Logger>();

/**
 * The root logger without redaction, for request lines without an error: their fields are the fixed ones
 * above, none of which is a redacted path, and walking the redaction list's wildcards was most of the
 * line's cost. A line with an error goes through the root logger, redacted.
 */
function lineLogger(root: Logger): Logger {
  let logger = lineLoggers.get(root);
  if (!logger) lineLoggers.set(root, (logger = root.child({}, { redact: [] })));
  return logger;
}

function isHealthCheck(request: { url?: string }): boolean {
  return request.url?.startsWith('/health') ?? false;
}

/**
 * Fastify gives every request a child logger; most requests never log anything but their completion
 * line, so the child (bindings serialised, redaction set up) is only built when something logs through it.
 */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyChildLogger(logger as unknown as Logger, bindings, options) as unknown as FastifyBaseLogger;
}

type LogArgs = Parameters<LogFn>;

class LazyChildLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.real.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  trace(...args: LogArgs): void {
    this.real.trace(...args);
  }
  debug(...args: LogArgs): void {
    this.real.debug(...args);
  }
  info(...args: LogArgs): void {
    this.real.info(...args);
  }
  warn(...args: LogArgs): void {
    this.real.warn(...args);
  }
  error(...args: LogArgs): void {
    this.real.error(...args);
  }
  fatal(...args: LogArgs): void {
    this.real.fatal(...args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.real.child(bindings, options);
  }
}

/**
 * Runs Nest's part of each request (guards, pipes, handler, filters) with the request id in scope, so
 * every line logged while serving it carries `requestId`. preHandler is the last hook before the
 * handler and runs after the body has been read, whose stream events would otherwise lose the scope.
 */
export function registerRequestScope(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => requestIds.run(request.id, done));
}
