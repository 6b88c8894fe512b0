import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { cleanTextInput, MAX_REPORTED_ERRORS } from '../validation/text-input.js';
import { RequestValidationError } from '../validation/request-validation.error.js';

/**
 * Applies the text-input rule (validation/text-input.ts) to the path parameters, query string and parsed
 * body of every request, as a Fastify preValidation hook: after the body is parsed and before any Nest
 * guard, pipe or handler, so code that reads the raw request (the PesaPal IPN, per-email rate limits)
 * also only sees clean text. Multipart bodies are read later by the handler; readSingleFileUpload
 * applies the same rule to their fields.
 */
export function registerTextInputRule(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', (request, _reply, done) => {
      const params = cleanTextInput(request.params, 'params');
      const query = cleanTextInput(request.query, 'query');
      const body = cleanTextInput(request.body, 'body');
      const errors = [...params.errors, ...query.errors, ...body.errors];
      if (errors.length > 0) {
        done(new RequestValidationError(errors.slice(0, MAX_REPORTED_ERRORS)));
        return;
      }
      // Containers were cleaned in place; only a bare string body is a new value.
      request.body = body.value;
      done();
    });
}
