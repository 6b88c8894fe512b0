import { Transform } from 'class-transformer';

/** Trims a string field before validation, so `"  "` fails @IsNotEmpty: empty strings are not values. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
