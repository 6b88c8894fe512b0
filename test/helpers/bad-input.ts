import fc from 'fast-check';
import { RawJson } from './fuzz-http.js';
import type { Schema } from './openapi.js';

/** Large enough to cross the 1 MB body limit once JSON-quoted; just below it is tried too. */
const ONE_MB = 1024 * 1024;
const DEEP = 10_000;

const refusedControl = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }).filter((unit) => unit !== 0x09 && unit !== 0x0a && unit !== 0x0d),
  fc.integer({ min: 0x7f, max: 0x9f }),
);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff });

/** Text around one refused code unit: a control character or half of a surrogate pair. */
const withBadUnit = fc
  .tuple(fc.string({ maxLength: 8 }), fc.oneof(refusedControl, loneSurrogate), fc.string({ maxLength: 8 }))
  .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`);

/** Strings valid as text but odd for a field: formats' edges, SQL and path tricks, exotic Unicode. */
const oddButClean = fc.constantFrom(
  '',
  ' ',
  '\t\n\r',
  'e\u0301',
  '\ufeffbom',
  '\u202etxet',
  '😀'.repeat(40),
  '%',
  '%00',
  '\\',
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-45',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-11-01T00:00:00+99:00',
  '2026-W01',
  '2026-W53-7',
  '2026-001',
  '20261101',
  '2026-11-01T00:00:00.1234567891234Z',
  '24:00',
  '99:99',
  '-1',
  '1e309',
  'NaN',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'a'.repeat(501),
  'é'.repeat(5001),
  'eyJ0IjoiMjAyNi0xMS0wMVQwMDowMDowMFoiLCJpIjoieCJ9',
  '2026-11-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000',
);

const huge = fc.constantFrom(
  'x'.repeat(ONE_MB),
  'x'.repeat(ONE_MB - 64),
  'é'.repeat(ONE_MB / 2),
  '\u0000'.repeat(ONE_MB / 8),
);

/** A string a client should not get a 5xx for. */
export const badText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: withBadUnit },
  { weight: 3, arbitrary: oddButClean },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: huge },
);

/** Text for URLs: no megabyte (a URL longer than 16 KB is refused by Node's parser) but 20 KB once. */
export const badUrlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: withBadUnit },
  { weight: 3, arbitrary: oddButClean },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constant('y'.repeat(20_000)) },
);

const rawNumbers = fc.constantFrom(
  '1e999',
  '-1e999',
  `1${'0'.repeat(400)}`,
  '123456789012345678901234567890',
  '-0',
  '1e-400',
);

export const deeplyNested = fc.constantFrom(
  new RawJson('['.repeat(DEEP) + ']'.repeat(DEEP)),
  new RawJson('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)),
);

/**
 * The documented example with its digits replaced, cut short or with a character slipped in: values
 * that keep a format's shape (2026-12-01 → 0000-49-31, 08:00 → 99:99) and so get past shape checks.
 */
export function mutatedExample(example: string): fc.Arbitrary<string> {
  const digitCount = example.replace(/\D/g, '').length;
  const withDigits = (digits: number[]) => {
    let next = 0;
    return example.replace(/\d/g, () => String(digits[next++]));
  };
  return fc.oneof(
    fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: digitCount, maxLength: digitCount })
      .map(withDigits),
    fc.constantFrom(0, 9).map((digit) => withDigits(new Array<number>(digitCount).fill(digit))),
    fc.nat(example.length).map((end) => example.slice(0, end)),
    fc
      .tuple(fc.nat(example.length), fc.constantFrom('-', ':', 'T', 'W', '+', '.', '0', 'Z', ' ', '\u0301'))
      .map(([at, char]) => example.slice(0, at) + char + example.slice(at)),
  );
}

/** A JSON value of the wrong kind for `schema`. */
export function wrongTypeFor(schema: Schema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.constant({}),
    fc.constant([]),
    fc.boolean(),
  ];
  if (schema.type !== 'string') options.push(badText, fc.constant('5'), fc.constant(''));
  if (schema.type !== 'integer' && schema.type !== 'number') {
    options.push(
      fc.integer(),
      fc.double({ noNaN: true }),
      rawNumbers.map((text) => new RawJson(text)),
    );
  }
  if (schema.type !== 'array') options.push(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }));
  options.push(fc.object({ maxDepth: 2 }));
  return fc.oneof(...options);
}

/** A bad value for a field of `schema`: wrong type, or a right-typed value that should still be refused. */
export function badValueFor(schema: Schema): fc.Arbitrary<unknown> {
  const ofType: fc.Arbitrary<unknown>[] = [];
  if (schema.type === 'string') ofType.push(badText);
  if (schema.type === 'string' && typeof schema.example === 'string')
    ofType.push(mutatedExample(schema.example));
  if (schema.type === 'integer' || schema.type === 'number') {
    ofType.push(
      fc.constantFrom(-1, 0, 0.5, 2 ** 53 + 2, -(2 ** 31), 2 ** 31, 1e308, -1e308),
      rawNumbers.map((text) => new RawJson(text)),
    );
  }
  if (schema.type === 'array') {
    ofType.push(
      fc.array(badText, { maxLength: 4 }),
      fc.constant(Array.from({ length: 10_000 }, (_, i) => `item ${i}`)),
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: ofType.length > 0 ? fc.oneof(...ofType) : badText },
    { weight: 2, arbitrary: wrongTypeFor(schema) },
    // null is how many clients say "clear this"; a field that cannot be cleared must refuse it.
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: deeplyNested },
  );
}

/** Raw body bytes and the content type sent with them: parsers' and negotiation's edge cases. */
export const badContentTypeBody: fc.Arbitrary<{ contentType?: string; body: Buffer; summary: string }> =
  fc.constantFrom(
    { summary: 'JSON without a content type', body: Buffer.from('{"a":1}') },
    { summary: 'JSON as text/plain', contentType: 'text/plain', body: Buffer.from('{"bio":"x"}') },
    { summary: 'NUL as text/plain', contentType: 'text/plain', body: Buffer.from('a\u0000b') },
    { summary: 'XML', contentType: 'application/xml', body: Buffer.from('<a>1</a>') },
    {
      summary: 'form-urlencoded',
      contentType: 'application/x-www-form-urlencoded',
      body: Buffer.from('a=%00'),
    },
    { summary: 'invalid JSON', contentType: 'application/json', body: Buffer.from('{"a":') },
    { summary: 'empty JSON', contentType: 'application/json', body: Buffer.alloc(0) },
    { summary: 'JSON null', contentType: 'application/json', body: Buffer.from('null') },
    { summary: 'JSON string', contentType: 'application/json', body: Buffer.from('"text\\u0000"') },
    { summary: 'JSON number', contentType: 'application/json', body: Buffer.from('42') },
    { summary: 'JSON array', contentType: 'application/json', body: Buffer.from('[1,"\\ud800",{}]') },
    { summary: 'JSON with a BOM', contentType: 'application/json', body: Buffer.from('\ufeff{"a":1}') },
    {
      summary: 'invalid UTF-8',
      contentType: 'application/json',
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    },
    {
      summary: 'UTF-16 JSON',
      contentType: 'application/json; charset=utf-16le',
      body: Buffer.from('{"a":1}', 'utf16le'),
    },
    {
      summary: '__proto__',
      contentType: 'application/json',
      body: Buffer.from('{"__proto__":{"role":"admin"}}'),
    },
    {
      summary: 'constructor.prototype',
      contentType: 'application/json',
      body: Buffer.from('{"constructor":{"prototype":{"x":1}}}'),
    },
    {
      summary: 'multipart without boundary',
      contentType: 'multipart/form-data',
      body: Buffer.from('--x\r\n'),
    },
    {
      summary: 'junk multipart',
      contentType: 'multipart/form-data; boundary=zz',
      body: Buffer.from('--zz\r\ngarbage'),
    },
    {
      summary: 'content type with junk parameters',
      contentType: 'application/json; charset="; x=\u00ff',
      body: Buffer.from('{}'),
    },
    { summary: 'unknown type', contentType: 'application/vnd.qgig+json', body: Buffer.from('{}') },
  );
