import type { ValidationError } from 'class-validator';

export interface FieldError {
  /** Path of the offending field, e.g. `email`, `availability[2].start`. */
  field: string;
  message: string;
}

/** Thrown by the global ValidationPipe; rendered as a 400 problem with one entry per invalid field. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';

  constructor(readonly errors: FieldError[]) {
    super(
      errors.length === 1
        ? `The request has an invalid field: ${errors[0].field}. See errors.`
        : `The request has ${errors.length} invalid fields. See errors.`,
    );
  }

  static fromClassValidator(errors: ValidationError[]): RequestValidationError {
    return new RequestValidationError(flattenValidationErrors(errors));
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = !parent
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
