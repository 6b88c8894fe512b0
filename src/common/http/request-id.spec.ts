import type { IncomingMessage } from 'node:http';
import { requestIdFor } from './request-id.js';

const withHeader = (value: string | string[] | undefined) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each(['abc', 'req-1.2:3_x', 'a'.repeat(128)])('keeps the sane id %s', (id) => {
    expect(requestIdFor(withHeader(id))).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'a b'],
    ['with a newline (log injection)', 'a\nlevel=error'],
    ['repeated header', ['a', 'b']],
  ])('replaces a %s id with a UUID', (_case, value) => {
    expect(requestIdFor(withHeader(value))).toMatch(UUID);
  });
});
