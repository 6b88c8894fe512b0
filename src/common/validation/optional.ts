import { ValidateIf } from 'class-validator';

/**
 * The field may be left out. Unlike @IsOptional(), null does not count as left out: it is validated
 * like any other value, so the field's type check refuses it (a 400, not a NOT NULL violation).
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
