import { RequestValidationError } from '../validation/request-validation.error.js';

/**
 * Opaque keyset cursors: the sort key of the last item of a page, as base64url JSON. Clients pass them
 * back untouched; anything that does not decode to the expected shape is a 400 on the `cursor` field.
 * Every part is checked against the kind its SQL cast expects, so a forged cursor is never a database error.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const PART_CHECKS = {
  string: (part: unknown) => typeof part === 'string' && part.length <= 100,
  number: (part: unknown) => typeof part === 'number' && Number.isFinite(part),
  timestamp: (part: unknown) =>
    typeof part === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(part) && !Number.isNaN(Date.parse(part)),
  uuid: (part: unknown) =>
    typeof part === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part),
  /** A non-negative numeric as PostgreSQL prints it (scores, shares). */
  decimal: (part: unknown) => typeof part === 'string' && /^\d{1,20}(\.\d{1,30})?$/.test(part),
  /** A bigint id as text. */
  integer: (part: unknown) => typeof part === 'string' && /^\d{1,19}$/.test(part),
} as const;

export type CursorPart = keyof typeof PART_CHECKS;

export function decodeCursor<const T extends readonly CursorPart[]>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((part, index) => PART_CHECKS[shape[index]](part));
  if (!fits) throw invalidCursor();
  return key as { [K in keyof T]: T[K] extends 'number' ? number : string };
}

function invalidCursor(): RequestValidationError {
  return new RequestValidationError([
    { field: 'cursor', message: 'is not a cursor from this list; pass nextCursor back unchanged' },
  ]);
}

/** Splits a `limit + 1` fetch into the page and the cursor of the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => readonly (string | number)[],
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
