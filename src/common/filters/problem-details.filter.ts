import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { describeException, PROBLEM_CONTENT_TYPE } from '../errors/problem-details.js';

/** Every error leaves the service as RFC 9457 problem+json; unexpected ones are logged, never shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const path = (request.url ?? '/').split('?')[0];

    const { problem, unexpected } = describeException(exception, {
      method: request.method,
      path,
      requestId: String(request.id),
      routeMatched: Boolean(request.routeOptions?.url),
    });
    if (unexpected) {
      this.logger.error({ err: exception, requestId: problem.requestId, path }, 'Unhandled error');
    }
    if (reply.sent) return;
    // A rule-based limit (e.g. wrong attendance codes) says when to try again, as the global rate limit does.
    const retryAfter = exception instanceof DomainError ? exception.extensions.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
