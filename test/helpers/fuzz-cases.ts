import fc from 'fast-check';
import {
  badContentTypeBody,
  badText,
  badUrlText,
  badValueFor,
  deeplyNested,
  mutatedExample,
} from './bad-input.js';
import { multipartBody, percentEncode, toJsonText, type FuzzRequest } from './fuzz-http.js';
import {
  bodyFields,
  exampleOf,
  fieldPath,
  resolve,
  setAt,
  UNKNOWN_ID,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from './openapi.js';

export interface FuzzCase extends FuzzRequest {
  route: string;
  role: string;
  kind: string;
  /** What was sent, short and printable, for the failure report. */
  summary: string;
  /** The request line and headers exceed Node's 16 KB limit: the connection may close without an answer. */
  oversizeHead: boolean;
}

interface Generated {
  kind: string;
  url: string;
  contentType?: string;
  body?: Buffer;
  summary: string;
  userAgent?: string;
  forwardedFor?: string;
}

export interface Caller {
  role: string;
  accessToken: string;
  ip: string;
}

/**
 * `count` bad requests for `op` as `caller`, the same ones for the same seed. Path parameters that are
 * not the bad input are one of `ids`: real rows let a request get past the 404 to the update it makes.
 */
export function fuzzCases(
  doc: OpenApiDocument,
  op: Operation,
  caller: Caller,
  count: number,
  seed: number,
  ids: string[] = [UNKNOWN_ID],
  validBody?: Record<string, unknown>,
): FuzzCase[] {
  const generated = fc.sample(
    fc.record({ request: requestFor(doc, op, validBody), headers: headerNoise, id: fc.constantFrom(...ids) }),
    { seed, numRuns: count },
  );
  return generated.map(({ request: generatedRequest, headers, id }) => {
    const request = { ...generatedRequest, url: generatedRequest.url.replace(/\{[^}]+\}/g, id) };
    const allHeaders: Record<string, string> = {
      authorization: `Bearer ${caller.accessToken}`,
      'x-forwarded-for': headers.forwardedFor ?? caller.ip,
      ...(headers.userAgent === undefined ? {} : { 'user-agent': headers.userAgent }),
      ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
    };
    const headBytes =
      request.url.length + Object.values(allHeaders).reduce((sum, value) => sum + value.length, 0);
    const oversizeHead = headBytes > 16 * 1024 - 512;
    // The server drops these connections after answering; do not offer them for reuse.
    if (oversizeHead || (request.body?.length ?? 0) > 1024 * 1024) allHeaders.connection = 'close';
    return {
      route: op.route,
      role: caller.role,
      kind: request.kind,
      summary: request.summary,
      method: op.method.toUpperCase(),
      url: request.url,
      headers: allHeaders,
      body: request.body,
      oversizeHead,
    };
  });
}

/**
 * Not random: every body field set to null in an otherwise valid body, with each of `ids` in the path.
 * null is how many clients say "clear this", and a field that cannot be cleared must refuse it.
 */
export function nullFieldCases(
  doc: OpenApiDocument,
  op: Operation,
  caller: Caller,
  ids: string[],
  validBody?: Record<string, unknown>,
): FuzzCase[] {
  const json = op.bodies['application/json'];
  if (!json) return [];
  const pathIds = op.pathParams.length > 0 ? ids : [UNKNOWN_ID];
  return bodyFields(doc, json).flatMap(({ path }) =>
    pathIds.map((id) => {
      const body = structuredClone(validBody ?? exampleOf(doc, json)) as Record<string, unknown>;
      setAt(body, path, null);
      return {
        route: op.route,
        role: caller.role,
        kind: 'null-field',
        summary: `body ${fieldPath(path)}=null${op.pathParams.length > 0 ? ` at ${id}` : ''}`,
        method: op.method.toUpperCase(),
        url: op.path.replace(/\{[^}]+\}/g, id),
        headers: {
          authorization: `Bearer ${caller.accessToken}`,
          'x-forwarded-for': caller.ip,
          'content-type': 'application/json',
        },
        body: Buffer.from(JSON.stringify(body)),
        oversizeHead: false,
      };
    }),
  );
}

/** How many inputs an operation takes: operations with more get more of the generated requests. */
export function inputCount(doc: OpenApiDocument, op: Operation): number {
  const json = op.bodies['application/json'];
  const multipart = op.bodies['multipart/form-data'];
  return (
    (json ? bodyFields(doc, json).length : 0) +
    (multipart ? bodyFields(doc, multipart).length + 3 : 0) +
    op.queryParams.length +
    op.pathParams.length
  );
}

function requestFor(
  doc: OpenApiDocument,
  op: Operation,
  validBody: Record<string, unknown> | undefined,
): fc.Arbitrary<Generated> {
  const kinds: fc.WeightedArbitrary<Generated>[] = [{ weight: 2, arbitrary: queryCase(op) }];
  if (op.pathParams.length > 0) kinds.push({ weight: 2, arbitrary: pathCase(op) });
  const json = op.bodies['application/json'];
  const multipart = op.bodies['multipart/form-data'];
  if (json)
    kinds.push({ weight: 6, arbitrary: jsonBodyCase(doc, op, json, validBody ?? exampleOf(doc, json)) });
  if (multipart) kinds.push({ weight: 6, arbitrary: multipartCase(doc, op, multipart) });
  if (op.method !== 'get') {
    kinds.push({ weight: 1, arbitrary: contentTypeCase(op) }, { weight: 1, arbitrary: junkJsonCase(op) });
  }
  return fc.oneof(...kinds);
}

/** The path with `segments` in place; other `{name}`s stay for fuzzCases to fill with an id. */
function urlFor(op: Operation, segments: Record<string, string> = {}, query = ''): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (placeholder, name: string) => segments[name] ?? placeholder);
  return query ? `${path}?${query}` : path;
}

const rawSegment = fc.constantFrom(
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '..',
  '%2F..%2F',
  '%20',
  '%00',
  '+',
  '%F0%9F%98%80',
  '123',
  '00000000-0000-0000-0000-000000000000',
  '3f1e2d4c-5b6a-4789-8abc-def01234567g',
  '3F1E2D4C-5B6A-4789-8ABC-DEF012345678',
  '3f1e2d4c-5b6a-1789-8abc-def012345678',
);

const badSegment = fc.oneof(badUrlText.map(percentEncode), rawSegment);

function pathCase(op: Operation): fc.Arbitrary<Generated> {
  const names = op.pathParams.map((param) => param.name);
  return fc.tuple(fc.constantFrom(...names), badSegment).map(([name, segment]) => ({
    kind: 'path',
    url: urlFor(op, { [name]: segment }),
    summary: `path ${name}=${printable(segment)}`,
  }));
}

const rawQuery = fc.constantFrom(
  '&&&',
  '=x',
  'a',
  '%ZZ=1',
  'limit=1&limit=2',
  'cursor=a&cursor=b',
  'cursor[]=x',
  '__proto__=x',
  'constructor=x&hasOwnProperty=1',
  'limit=%00',
  'limit=1e400',
  'limit=-0',
  'limit=0x10',
  'cursor=%ED%A0%80',
  'q=%C0%80',
);

function queryCase(op: Operation): fc.Arbitrary<Generated> {
  const unknownPair = fc.tuple(fc.string({ maxLength: 6 }), badUrlText);
  const knownPairs = op.queryParams.map((param) => {
    const example = param.example ?? param.schema?.example;
    const value = typeof example === 'string' ? fc.oneof(badUrlText, mutatedExample(example)) : badUrlText;
    return fc.tuple(fc.constant(param.name), value);
  });
  const pair = fc
    .oneof(
      { weight: 1, arbitrary: unknownPair },
      ...knownPairs.map((arbitrary) => ({ weight: 3, arbitrary })),
    )
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`);
  // One pair alone gets past the other parameters' validation to the service and its SQL.
  return fc
    .oneof(
      { weight: 3, arbitrary: pair },
      {
        weight: 2,
        arbitrary: fc.array(pair, { minLength: 2, maxLength: 3 }).map((pairs) => pairs.join('&')),
      },
      { weight: 1, arbitrary: rawQuery },
    )
    .map((query) => ({ kind: 'query', url: urlFor(op, {}, query), summary: `query ${printable(query)}` }));
}

/** A valid body (given, or built from the schema's examples) with one to three fields made bad. */
function jsonBodyCase(
  doc: OpenApiDocument,
  op: Operation,
  schema: Schema,
  base: unknown,
): fc.Arbitrary<Generated> {
  const fields = bodyFields(doc, schema);
  const mutation =
    fields.length > 0
      ? fc
          .constantFrom(...fields)
          .chain((field) => badValueFor(field.schema).map((value) => ({ path: field.path, value })))
      : fc.constant({ path: ['unexpected'] as string[], value: 'x' as unknown });
  const extra = fc
    .tuple(fc.string({ maxLength: 8 }), fc.oneof(badText, deeplyNested))
    .map(([name, value]) => ({ path: [name], value }));
  const change = fc.oneof({ weight: 4, arbitrary: mutation }, { weight: 1, arbitrary: extra });
  // Mostly one bad field in an otherwise valid body, so it is that field the service has to cope with.
  return fc
    .oneof(
      { weight: 3, arbitrary: mutation.map((single) => [single]) },
      { weight: 2, arbitrary: fc.array(change, { minLength: 1, maxLength: 3 }) },
    )
    .map((mutations) => {
      const body = structuredClone(base) as Record<string, unknown>;
      for (const { path, value } of mutations) setAt(body, path, value);
      const text = toJsonText(body);
      return {
        kind: 'json-body',
        url: urlFor(op),
        contentType: 'application/json',
        body: Buffer.from(text, 'utf8'),
        summary: `body ${mutations.map((m) => `${m.path.join('.') || '""'}=${printable(toJsonText(m.value))}`).join(', ')}`,
      };
    });
}

function junkJsonCase(op: Operation): fc.Arbitrary<Generated> {
  return fc.oneof(fc.jsonValue({ maxDepth: 4 }), deeplyNested).map((value) => {
    const text = toJsonText(value);
    return {
      kind: 'junk-json',
      url: urlFor(op),
      contentType: 'application/json',
      body: Buffer.from(text),
      summary: `body ${printable(text)}`,
    };
  });
}

function contentTypeCase(op: Operation): fc.Arbitrary<Generated> {
  return badContentTypeBody.map((sent) => ({
    kind: 'content-type',
    url: urlFor(op),
    ...sent,
    summary: `${sent.summary} (${sent.contentType ?? 'none'})`,
  }));
}

function multipartCase(doc: OpenApiDocument, op: Operation, schema: Schema): fc.Arbitrary<Generated> {
  const fieldNames = Object.keys(resolve(doc, schema).properties ?? {}).filter((name) => name !== 'file');
  const field = fc.record({
    name: fc.oneof(
      fc.constantFrom(...fieldNames, 'file'),
      fc.string({ maxLength: 6 }).filter((n) => !/["\r\n]/.test(n)),
    ),
    value: fc.oneof(
      badText.map((text) => text.slice(0, 4096)),
      fc.constantFrom('nin', 'certificate', 'license'),
    ),
  });
  const file = fc.record({
    filename: fc.constantFrom('nin.pdf', '', '../../x.pdf', 'caf\u00e9.pdf', 'a'.repeat(300)),
    contentType: fc.constantFrom('application/pdf', 'image/png', 'text/html', 'application/octet-stream'),
    value: fc.constantFrom(
      Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n'),
      Buffer.alloc(0),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]),
    ),
  });
  return fc
    .tuple(fc.array(field, { maxLength: 12 }), fc.array(file, { maxLength: 2 }))
    .map(([fields, files]) => {
      const boundary = 'qgigfuzzboundary';
      const body = multipartBody(boundary, [...fields, ...files.map((f) => ({ name: 'file', ...f }))]);
      return {
        kind: 'multipart',
        url: urlFor(op),
        contentType: `multipart/form-data; boundary=${boundary}`,
        body,
        summary: `multipart ${printable(JSON.stringify(fields.map((f) => [f.name, f.value.slice(0, 40)])))} + ${files.length} file(s)`,
      };
    });
}

/** Sometimes a long or odd User-Agent or X-Forwarded-For; the app must clean, not fail. */
const headerNoise = fc.record(
  {
    userAgent: fc.constantFrom('x'.repeat(4000), 'Mozilla/5.0 (caf\u00e9 \u00ff\u0080)', '\t', 'curl/8.5.0'),
    forwardedFor: fc.constantFrom(
      'not-an-ip',
      '::ffff:10.1.2.3',
      '10.1.2.3, 10.4.5.6',
      `10.9.${'9'.repeat(500)}`,
    ),
  },
  { requiredKeys: [] },
);

/** At most 120 characters, controls and surrogates escaped, for the report. */
function printable(text: string): string {
  const escaped = JSON.stringify(text.length > 120 ? `${text.slice(0, 100)}…(${text.length} chars)` : text);
  return escaped.slice(1, -1);
}
