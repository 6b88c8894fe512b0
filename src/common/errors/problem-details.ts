import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { RequestValidationError, type FieldError } from '../validation/request-validation.error.js';
import { DomainError } from './domain-error.js';
import { GENERIC_CONFLICT_MESSAGE, UNIQUE_CONSTRAINTS } from './unique-constraints.js';

/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface RequestFacts {
  method: string;
  path: string;
  requestId: string;
  /** False when no route matched the request (an unknown URL). */
  routeMatched: boolean;
}

export interface DescribedProblem {
  problem: ProblemDetails;
  /** True for failures that are ours, not the client's: log them with the stack. */
  unexpected: boolean;
}

export const PROBLEM_TYPE_BASE = 'https://qgig.ug/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const INTERNAL_ERROR_DETAIL =
  'Something went wrong on our side. Try again later; if it persists, contact support with the requestId.';

/** Actionable texts for errors Fastify raises before a route runs, by Fastify error code. */
const FASTIFY_ERROR_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large; JSON bodies are limited to 1 MB.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type; send the body as application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY:
    'The body is empty but Content-Type is application/json; send a JSON body or drop the header.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
};

/** Turns anything thrown while serving a request into the problem document the client receives. */
export function describeException(exception: unknown, request: RequestFacts): DescribedProblem {
  const base = { instance: request.path, requestId: request.requestId };
  const expected = (status: number, slug: string, detail: string, extra: Record<string, unknown> = {}) => ({
    // Extensions come first so they can never overwrite a standard member such as `status`.
    problem: { ...extra, type: PROBLEM_TYPE_BASE + slug, title: titleFor(status), status, detail, ...base },
    unexpected: false,
  });

  if (exception instanceof RequestValidationError) {
    return expected(400, 'validation-failed', exception.message, { errors: exception.errors });
  }
  if (exception instanceof DomainError) {
    return expected(exception.status, slugify(exception.code), exception.message, exception.extensions);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404 && !request.routeMatched) {
      return expected(
        404,
        'route-not-found',
        `No route matches ${request.method} ${request.path}. API routes live under /api/v1; see /docs.`,
      );
    }
    if (status < 500) {
      const detail = fastifyErrorDetail(exception.cause) ?? httpExceptionDetail(exception);
      return expected(status, slugForStatus(status), detail);
    }
  }
  if (exception instanceof QueryFailedError && driverCode(exception) === '23505') {
    const constraint = (exception.driverError as { constraint?: string }).constraint ?? '';
    const known = UNIQUE_CONSTRAINTS[constraint];
    return expected(409, known?.slug ?? 'conflict', known?.detail ?? GENERIC_CONFLICT_MESSAGE);
  }
  return {
    problem: {
      type: PROBLEM_TYPE_BASE + 'internal-error',
      title: titleFor(500),
      status: 500,
      detail: INTERNAL_ERROR_DETAIL,
      ...base,
    },
    unexpected: true,
  };
}

function httpExceptionDetail(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/** Nest wraps Fastify's own 4xx errors (body parsing, limits) in an HttpException; the cause has the code. */
function fastifyErrorDetail(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? FASTIFY_ERROR_DETAILS[code] : undefined;
}

function driverCode(error: QueryFailedError): string | undefined {
  return (error.driverError as { code?: string } | undefined)?.code;
}

function titleFor(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function slugForStatus(status: number): string {
  return slugify(titleFor(status));
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
