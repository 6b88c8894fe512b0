import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequestValidationError } from '../validation/request-validation.error.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on an answer that repeats the result of an earlier request with the same Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
const MAX_LENGTH = 100;
/** Visible ASCII only: a UUID, a ULID or any token a client generates fits; nothing needs decoding. */
const FORMAT = new RegExp(`^[\\x21-\\x7e]{1,${MAX_LENGTH}}$`);

/**
 * The request's `Idempotency-Key` header (null without one). Unlike the header text we merely record, a
 * key decides what a request does, so a malformed one is refused (400) rather than cleaned.
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | null => {
    const value = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
    if (value === undefined) return null;
    if (typeof value !== 'string' || !FORMAT.test(value)) {
      throw new RequestValidationError([
        {
          field: IDEMPOTENCY_KEY_HEADER,
          message: `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${MAX_LENGTH} visible ASCII characters (no spaces), e.g. a UUID made for this request`,
        },
      ]);
    }
    return value;
  },
);

/** Documents the optional header on a route that takes it. */
export const ApiIdempotencyKey = (what: string) =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      `A key you generate for this ${what} (e.g. a UUID) and send again, unchanged, when you retry it. ` +
      `The same key names the same ${what}: a retry answers with the first result and ` +
      `\`${IDEMPOTENT_REPLAYED_HEADER}: true\` instead of doing it twice; the same key with a different ` +
      'body is refused (422). Keys are kept per account.',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_LENGTH,
      pattern: FORMAT.source,
      example: '3f0c6d2e-9a41-4a57-8d2b-5c1e7f04b9aa',
    },
  });
