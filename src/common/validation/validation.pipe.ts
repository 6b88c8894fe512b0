import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error.js';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

/** Unknown fields are refused, not dropped: `{ role: "admin" }` must never be silently ignored. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => RequestValidationError.fromClassValidator(errors),
  });
}
