import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../errors/problem-details.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';

const RETRY_AFTER_SECONDS = 1;
const OVERLOADED_DETAIL = `The service is busy right now; retry in ${RETRY_AFTER_SECONDS} s. Nothing was changed.`;
const REPORT_EVERY_MS = 1_000;

/**
 * At most `maxInFlight` requests are served at once by this instance; one more is answered at once with
 * 503 problem+json and `Retry-After: 1` instead of joining a queue that would make every request seconds
 * late. Health checks and metrics are always served, so a load balancer can tell "busy" from "down";
 * behind one, each instance sheds on its own.
 *
 * The refusal is written on the raw Node response, before Fastify or Nest see the request: under a storm
 * of clients that retry at once, every event-loop turn handles every refused request, so the time served
 * requests wait is the number of refusals times what one costs. Here that is a few microseconds (headers
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
    private readonly maxInFlight: number,
    private readonly headers: Record<string, string>,
    private readonly logger: Logger,
  ) {
    this.reporter = setInterval(() => this.report(), REPORT_EVERY_MS);
    this.reporter.unref();
  }

  /** A `serverFactory` for Fastify: the HTTP server with the admission check in front of its handler. */
  serverFactory = (handler: RequestListener): Server =>
    createServer((request, response) => {
      if (isAlwaysServed(request.url) || this.inFlight < this.maxInFlight) {
        this.inFlight++;
        // 'close' comes once per response, finished or abandoned, so the count never leaks.
        response.once('close', this.release);
        handler(request, response);
      } else {
        this.refuse(request, response);
      }
    }).on('close', () => clearInterval(this.reporter));

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
      { shed: this.shedSinceReport, inFlight: this.inFlight, maxInFlight: this.maxInFlight },
      `Overloaded: answered ${this.shedSinceReport} requests with 503 in the last second (MAX_IN_FLIGHT=${this.maxInFlight})`,
    );
    this.shedSinceReport = 0;
  }
}

function isAlwaysServed(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health') || url.startsWith('/metrics'));
}
