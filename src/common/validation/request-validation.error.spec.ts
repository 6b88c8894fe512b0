import { ValidationError } from 'class-validator';
import { flattenValidationErrors, RequestValidationError } from './request-validation.error.js';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []) {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('flattenValidationErrors', () => {
  it('names nested and array fields by path, one entry per broken rule', () => {
    const errors = [
      error('email', { isEmail: 'email must be an email' }),
      error('availability', undefined, [
        error('2', undefined, [error('start', { matches: 'start must look like HH:MM', isString: 'x' })]),
      ]),
      error('address', undefined, [error('city', { minLength: 'city is too short' })]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'availability[2].start', message: 'start must look like HH:MM' },
      { field: 'availability[2].start', message: 'x' },
      { field: 'address.city', message: 'city is too short' },
    ]);
  });

  it('summarises the count in the message', () => {
    expect(RequestValidationError.fromClassValidator([error('a', { x: 'a bad' })]).message).toBe(
      'The request has an invalid field: a. See errors.',
    );
    expect(
      RequestValidationError.fromClassValidator([error('a', { x: 'a bad' }), error('b', { x: 'b bad' })])
        .message,
    ).toBe('The request has 2 invalid fields. See errors.');
  });
});
