import { RequestValidationError } from '../validation/request-validation.error.js';
import { decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('keyset cursors', () => {
  it('round-trips a sort key', () => {
    const cursor = encodeCursor(['2026-11-24T08:00:00.000Z', 'a1b2']);
    expect(decodeCursor(cursor, ['string', 'string'])).toEqual(['2026-11-24T08:00:00.000Z', 'a1b2']);
    expect(decodeCursor(encodeCursor([0.75, 'x']), ['number', 'string'])).toEqual([0.75, 'x']);
  });

  it('passes an absent cursor through', () => {
    expect(decodeCursor(undefined, ['string'])).toBeUndefined();
  });

  it.each([
    ['not base64 json', '%%%'],
    ['wrong arity', encodeCursor(['a'])],
    ['wrong types', encodeCursor([1, 2])],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuses %s as a 400 on the cursor field', (_case, cursor) => {
    expect(() => decodeCursor(cursor, ['string', 'string'])).toThrow(RequestValidationError);
    try {
      decodeCursor(cursor, ['string', 'string']);
    } catch (error) {
      expect((error as RequestValidationError).errors[0].field).toBe('cursor');
    }
  });

  it.each([
    [
      'a timestamp that is not one',
      ['yesterday', '5f0c7a52-8b1e-4c1a-9a57-0c6a3f1d2e4b'],
      ['timestamp', 'uuid'],
    ],
    ['an id that is not a uuid', ['2026-11-24T08:00:00.000Z', "x' OR 1=1"], ['timestamp', 'uuid']],
    ['a score that is not a number', ['NaN', '5f0c7a52-8b1e-4c1a-9a57-0c6a3f1d2e4b'], ['decimal', 'uuid']],
    ['a negative bigint id', ['-1'], ['integer']],
  ] as const)('refuses %s before it reaches a SQL cast', (_case, key, shape) => {
    expect(() => decodeCursor(encodeCursor(key), shape)).toThrow(RequestValidationError);
  });

  it('accepts the kinds the lists encode', () => {
    const key = [
      '0.66666666666666666667',
      '2026-11-24T08:00:00.000Z',
      '5f0c7a52-8b1e-4c1a-9a57-0c6a3f1d2e4b',
    ];
    expect(decodeCursor(encodeCursor(key), ['decimal', 'timestamp', 'uuid'])).toEqual(key);
    expect(decodeCursor(encodeCursor(['9007199254740993']), ['integer'])).toEqual(['9007199254740993']);
  });

  it('pages a limit + 1 fetch', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const page = toPage(
      rows,
      2,
      (r) => [r.n],
      (r) => r.n * 10,
    );
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!, ['number'])).toEqual([2]);
    expect(
      toPage(
        rows,
        3,
        (r) => [r.n],
        (r) => r.n,
      ).nextCursor,
    ).toBeNull();
  });
});
