import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { RequestValidationError } from './request-validation.error.js';

/**
 * A path parameter that must be a UUID: validated by ParseUUIDPipe (a bad one is a 400 naming the
 * parameter, like any invalid field) and documented with `format: uuid`, so the OpenAPI document
 * says what the pipe enforces.
 */
export function UuidParam(name = 'id', options: { version?: '4' } = {}): ParameterDecorator {
  const pipe = new ParseUUIDPipe({
    version: options.version,
    exceptionFactory: () =>
      new RequestValidationError([
        { field: name, message: `must be a UUID${options.version ? ` (version ${options.version})` : ''}` },
      ]),
  });
  return (target, propertyKey, index) => {
    Param(name, pipe)(target, propertyKey, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey!)!;
    ApiParam({ name, type: String, format: 'uuid' })(target, propertyKey!, descriptor);
  };
}
