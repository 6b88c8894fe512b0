import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../errors/problem-details.js';
import type { CorsPolicy } from './cors-policy.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';

const RETRY_AFTER_SECONDS = 1;
const OVERLOADED_DETAIL = `The service is busy right now; retry in ${RETRY_AFTER_SECONDS} s. Nothing was changed.`;
const REPORT_EVERY_MS = 1_000;

/** MAX_IN_FLIGHT and REFUSAL_DELAY_MS. */
export interface AdmissionLimits {
  maxInFlight: number;
  refusalDelayMs: number;
}

/**
 * At most `maxInFlight` requests are served at once by this instance; one more is answered with 503
 * problem+json and `Retry-After: 1` instead of joining a queue that would make every request seconds late.
 * Health checks and metrics are always served, so a load balancer can tell "busy" from "down"; behind
 * one, each instance sheds on its own.
 *
 * The refusal comes after a pause of `refusalDelayMs`: a client refused at once sends its next request at
 * once, and under a storm of such clients every event-loop turn went to answering refusals (20,000 a
 * second here) while the admitted requests' database replies waited their turn. Paused, each of those
 * clients asks a few times a second at most, and the requests this instance admits keep their speed.
 * The refusal itself is written on the raw Node response, before Fastify or Nest see the request (headers
 * precomputed, no hooks, no log line each: one summary line a second instead).
 */
export class LoadShedder {
  private inFlight = 0;
  private shedSinceReport = 0;
  private readonly release = () => {
    this.inFlight--;
  };
  private readonly reporter: NodeJS.Timeout;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly headers: Record<string, string>,
    private readonly cors: CorsPolicy,
    private readonly logger: Logger,
  ) {
    this.reporter = setInterval(() => this.report(), REPORT_EVERY_MS);
    this.reporter.unref();
  }

  /**
   * A `serverFactory` for Fastify: the HTTP server with the admission check in front of its handler.
   * Fastify sets its timeouts only on servers it creates itself, so they are copied here: without this,
   * an idle keep-alive connection would close after Node's 5 s instead of Fastify's 72 s, and a load
   * balancer reusing it (60 s idle timeout on most) would answer 502 now and then.
   */
  serverFactory = (handler: RequestListener, fastifyOptions: Record<string, unknown>): Server => {
    const options = fastifyOptions as unknown as ServerTimeouts;
    const server = createServer((request, response) => {
      if (isAlwaysServed(request.url) || this.inFlight < this.limits.maxInFlight) {
        this.inFlight++;
        // 'close' comes once per response, finished or abandoned, so the count never leaks.
        response.once('close', this.release);
        handler(request, response);
      } else if (this.limits.refusalDelayMs > 0) {
        setTimeout(() => {
          if (!response.destroyed) this.refuse(request, response);
        }, this.limits.refusalDelayMs);
      } else {
        this.refuse(request, response);
      }
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server.on('close', () => clearInterval(this.reporter));
  };

  private refuse(request: IncomingMessage, response: ServerResponse): void {
    this.shedSinceReport++;
    const requestId = requestIdFor(request);
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}overloaded`,
      title: 'Service Unavailable',
      status: 503,
      detail: OVERLOADED_DETAIL,
      instance: (request.url ?? '/').split('?')[0],
      requestId,
    });
    response.writeHead(503, {
      ...this.headers,
      ...this.cors.headersFor(request.headers),
      [REQUEST_ID_HEADER]: requestId,
      'retry-after': String(RETRY_AFTER_SECONDS),
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  }

  private report(): void {
    if (this.shedSinceReport === 0) return;
    this.logger.warn(
      { shed: this.shedSinceReport, inFlight: this.inFlight, ...this.limits },
      `Overloaded: answered ${this.shedSinceReport} requests with 503 in the last second (MAX_IN_FLIGHT=${this.limits.maxInFlight})`,
    );
    this.shedSinceReport = 0;
  }
}

/** The options Fastify hands its `serverFactory` (its defaults applied). */
interface ServerTimeouts {
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket?: number | null;
}

function isAlwaysServed(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health') || url.startsWith('/metrics'));
}
