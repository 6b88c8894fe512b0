import type { TestApp } from './test-app.js';

/** The parts of an OpenAPI 3 document the input tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  example?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  /** e.g. `PUT /api/v1/professional/profile`. */
  route: string;
  method: string;
  /** The OpenAPI path, with `{id}` placeholders. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** Content type → body schema, $refs resolved at the top. */
  bodies: Record<string, Schema>;
  /** Roles named by the 403 answer of @Auth(...roles); empty when any signed-in user may call it. */
  roles: string[];
  secured: boolean;
}

export async function fetchOpenApi(t: TestApp): Promise<OpenApiDocument> {
  const res = await t.http.get('/docs-json');
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  return res.body as OpenApiDocument;
}

export function listOperations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const bodies: Record<string, Schema> = {};
      for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) {
        if (content.schema) bodies[type] = resolve(doc, content.schema);
      }
      const forbidden = op.responses?.['403']?.description ?? '';
      return {
        route: `${method.toUpperCase()} ${path}`,
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        bodies,
        roles: /not one of: (.+)$/.exec(forbidden)?.[1].split(/,\s*/) ?? [],
        secured: (op.security ?? []).length > 0,
      };
    }),
  );
}

/** Follows `$ref` (and a single-entry `allOf`, how Swagger wraps a referenced property). */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; hops < 20; hops++) {
    if (current.$ref) {
      const name = current.$ref.replace('#/components/schemas/', '');
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`Unresolvable $ref ${current.$ref}`);
      current = { ...target, ...withoutRef(current) };
    } else if (current.allOf?.length === 1 && !current.properties) {
      current = { ...current.allOf[0], ...withoutAllOf(current) };
    } else {
      return current;
    }
  }
  throw new Error('$ref chain too long');
}

function withoutRef({ $ref: _ignored, ...rest }: Schema): Schema {
  return rest;
}

function withoutAllOf({ allOf: _ignored, ...rest }: Schema): Schema {
  return rest;
}

export interface StringField {
  /** Like the API's error paths: `bio`, `skills[0]`, `availability[0].start`. */
  path: string[];
  schema: Schema;
}

/** Every string-typed leaf of a body schema, with the path a request would put it at. */
export function stringFields(doc: OpenApiDocument, root: Schema): StringField[] {
  const found: StringField[] = [];
  const walk = (schema: Schema, path: string[], depth: number): void => {
    if (depth > 8) return;
    const resolved = resolve(doc, schema);
    for (const part of [...(resolved.allOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.anyOf ?? [])]) {
      walk(part, path, depth + 1);
    }
    if (resolved.type === 'string') found.push({ path, schema: resolved });
    if (resolved.items) walk(resolved.items, [...path, '0'], depth + 1);
    for (const [name, property] of Object.entries(resolved.properties ?? {})) {
      walk(property, [...path, name], depth + 1);
    }
  };
  walk(root, [], 0);
  return found;
}

/** `['availability', '0', 'start']` → `availability[0].start`. */
export function fieldPath(path: string[]): string {
  return path.reduce(
    (text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}

/** A version-4 UUID no row has: requests with it pass the id pipes and reach the body's validation. */
export const UNKNOWN_ID = '3f1e2d4c-5b6a-4789-8abc-def012345678';

const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time', 'time', 'binary']);

/** A string schema whose length is bounded by its declaration. */
export function isBoundedString(schema: Schema): boolean {
  return (
    typeof schema.maxLength === 'number' ||
    (schema.enum?.length ?? 0) > 0 ||
    typeof schema.pattern === 'string' ||
    (schema.format !== undefined && BOUNDED_FORMATS.has(schema.format))
  );
}

export interface FieldSchema {
  path: string[];
  schema: Schema;
}

/** Every property at any depth (objects and arrays too), with its path in a body. */
export function bodyFields(doc: OpenApiDocument, root: Schema): FieldSchema[] {
  const found: FieldSchema[] = [];
  const walk = (schema: Schema, path: string[], depth: number) => {
    const resolved = resolve(doc, schema);
    if (path.length > 0) found.push({ path, schema: resolved });
    if (depth > 6) return;
    if (resolved.items) walk(resolved.items, [...path, '0'], depth + 1);
    for (const [name, property] of Object.entries(resolved.properties ?? {}))
      walk(property, [...path, name], depth + 1);
  };
  walk(root, [], 0);
  return found;
}

/** A body built from the schema's examples: mostly valid, so a bad field is what gets refused. */
export function exampleOf(doc: OpenApiDocument, schema: Schema, depth = 0): unknown {
  const resolved = resolve(doc, schema);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.enum?.length) return resolved.enum[0];
  if (resolved.properties) {
    return Object.fromEntries(
      Object.entries(resolved.properties).map(([name, property]) => [
        name,
        exampleOf(doc, property, depth + 1),
      ]),
    );
  }
  switch (resolved.type) {
    case 'array':
      return resolved.items && depth < 6 ? [exampleOf(doc, resolved.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return resolved.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return resolved.format === 'uuid' ? UNKNOWN_ID : 'text';
    default:
      return {};
  }
}

/** Sets `value` at `path`, creating objects and arrays on the way (`'0'` means an array index). */
export function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.length === 0) return;
  let node: Record<string, unknown> = target;
  path.slice(0, -1).forEach((part, i) => {
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    const existing = node[part];
    if (typeof existing !== 'object' || existing === null || Array.isArray(existing) !== nextIsIndex) {
      node[part] = nextIsIndex ? [] : {};
    }
    node = node[part] as Record<string, unknown>;
  });
  node[path[path.length - 1]] = value;
}
