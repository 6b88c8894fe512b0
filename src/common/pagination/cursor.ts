import { RequestValidationError } from '../validation/request-validation.error.js';

/**
 * Opaque keyset cursors: the sort key of the last item of a page, as base64url JSON. Clients pass them
 * back untouched; anything that does not decode to the expected shape is a 400 on the `cursor` field.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<const T extends readonly ('string' | 'number')[]>(
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
    key.every((part, index) => typeof part === shape[index] && String(part).length <= 100);
  if (!fits) {
    throw new RequestValidationError([
      { field: 'cursor', message: 'is not a cursor from this list; pass nextCursor back unchanged' },
    ]);
  }
  return key as { [K in keyof T]: T[K] extends 'number' ? number : string };
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
