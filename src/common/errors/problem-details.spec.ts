import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { RequestValidationError } from '../validation/request-validation.error.js';
import { DomainError, ERROR_STATUS } from './domain-error.js';
import { describeException, type RequestFacts } from './problem-details.js';
import { GENERIC_CONFLICT_MESSAGE, UNIQUE_CONSTRAINTS } from './unique-constraints.js';

const request: RequestFacts = {
  method: 'POST',
  path: '/api/v1/jobs',
  requestId: 'req-1',
  routeMatched: true,
};

function queryError(driverError: Record<string, unknown>): QueryFailedError {
  return new QueryFailedError('INSERT INTO users …', [], Object.assign(new Error('db says no'), driverError));
}

describe('describeException', () => {
  it('renders validation failures as 400 with one entry per field', () => {
    const { problem, unexpected } = describeException(
      new RequestValidationError([{ field: 'email', message: 'email must be an email' }]),
      request,
    );
    expect(unexpected).toBe(false);
    expect(problem).toEqual({
      type: 'https://qgig.ug/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has an invalid field: email. See errors.',
      instance: '/api/v1/jobs',
      requestId: 'req-1',
      errors: [{ field: 'email', message: 'email must be an email' }],
    });
  });

  it.each(Object.entries(ERROR_STATUS))(
    'maps domain error %s to HTTP %i with its code as type',
    (code, status) => {
      const { problem } = describeException(
        new DomainError(code as keyof typeof ERROR_STATUS, 'Why.'),
        request,
      );
      expect(problem.status).toBe(status);
      expect(problem.type).toBe(`https://qgig.ug/problems/${code.toLowerCase().replace(/_/g, '-')}`);
      expect(problem.detail).toBe('Why.');
    },
  );

  it('adds a domain error’s extensions to the problem', () => {
    const { problem } = describeException(
      new DomainError('NOT_READY', 'Not ready.', { checks: { database: { status: 'down' } } }),
      request,
    );
    expect(problem.checks).toEqual({ database: { status: 'down' } });
  });

  it('never lets an extension overwrite a standard member', () => {
    const { problem } = describeException(
      new DomainError('NOT_FOUND', 'Gone.', { status: 'approved', type: 'x', requestId: 'forged' }),
      request,
    );
    expect(problem).toMatchObject({
      status: 404,
      type: 'https://qgig.ug/problems/not-found',
      detail: 'Gone.',
    });
    expect(problem.requestId).not.toBe('forged');
  });

  it.each([
    [new BadRequestException('Bad cursor.'), 400, 'bad-request', 'Bad cursor.'],
    [new UnauthorizedException(), 401, 'unauthorized', 'Unauthorized'],
    [new ForbiddenException('Admins only.'), 403, 'forbidden', 'Admins only.'],
    [new NotFoundException('No such job.'), 404, 'not-found', 'No such job.'],
    [new ConflictException('Taken.'), 409, 'conflict', 'Taken.'],
  ])('keeps the status and message of %p', (exception, status, slug, detail) => {
    const { problem, unexpected } = describeException(exception, request);
    expect(unexpected).toBe(false);
    expect(problem).toMatchObject({ status, type: `https://qgig.ug/problems/${slug}`, detail });
  });

  it('tells an unknown route apart from a missing resource', () => {
    const { problem } = describeException(new NotFoundException('Cannot GET /nope'), {
      ...request,
      method: 'GET',
      path: '/nope',
      routeMatched: false,
    });
    expect(problem.type).toBe('https://qgig.ug/problems/route-not-found');
    expect(problem.detail).toBe('No route matches GET /nope. API routes live under /api/v1; see /docs.');
  });

  it('replaces Fastify’s body-parser messages with actionable ones', () => {
    const cause = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    const { problem } = describeException(new HttpException(cause.message, 413, { cause }), request);
    expect(problem).toMatchObject({ status: 413, type: 'https://qgig.ug/problems/payload-too-large' });
    expect(problem.detail).toContain('1 MB');
  });

  it('answers a unique violation with 409 and the constraint’s own type and message when it has one', () => {
    const known = describeException(queryError({ code: '23505', constraint: 'users_email_key' }), request);
    expect(known.problem).toMatchObject({
      status: 409,
      type: 'https://qgig.ug/problems/email-taken',
      detail: UNIQUE_CONSTRAINTS.users_email_key.detail,
    });
    const unknown = describeException(queryError({ code: '23505', constraint: 'uq_other' }), request);
    expect(unknown.problem).toMatchObject({
      status: 409,
      type: 'https://qgig.ug/problems/conflict',
      detail: GENERIC_CONFLICT_MESSAGE,
    });
  });

  it.each(Object.entries(UNIQUE_CONSTRAINTS))('maps the %s constraint to 409 %o', (constraint, entry) => {
    const { problem } = describeException(queryError({ code: '23505', constraint }), request);
    expect(problem).toMatchObject({ status: 409, type: `https://qgig.ug/problems/${entry.slug}` });
  });

  it.each([
    ['a plain Error', new Error('connect ECONNREFUSED 10.0.0.5:5432')],
    ['another SQL error', queryError({ code: '42P01' })],
    ['a 5xx HttpException', new HttpException('upstream said: secret', 502)],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('masks %s as a 500 that reveals nothing', (_name, exception) => {
    const { problem, unexpected } = describeException(exception, request);
    expect(unexpected).toBe(true);
    expect(problem).toMatchObject({ status: 500, type: 'https://qgig.ug/problems/internal-error' });
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|INSERT|secret|boom|10\.0\.0\.5/);
    expect(problem.detail).toContain('requestId');
  });
});
