import type { FieldError } from './request-validation.error.js';

/**
 * The text-input rule: every string a client sends (JSON at any depth, query and path parameters,
 * multipart fields, and the names of fields) is refused when it holds a control character other than
 * tab, line feed and carriage return (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F) or is not
 * well-formed Unicode (a lone surrogate); every accepted string is NFC-normalised.
 */

/** No request of ours nests more than a few levels; the transformer and validator behind us recurse. */
export const MAX_INPUT_DEPTH = 32;
/** Enough to show what is wrong without a megabyte of errors for a megabyte of bad input. */
export const MAX_REPORTED_ERRORS = 20;

export type TextFault =
  | { kind: 'control'; index: number; codeUnit: number }
  | { kind: 'lone-surrogate'; index: number; codeUnit: number };

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * One pass over the UTF-16 code units: the NFC form of an acceptable string, or its first fault.
 * Strings with no code unit at or above U+0300 (where combining marks start) are already NFC and
 * are returned as they are, so ASCII and Latin-1 text costs a single loop.
 */
export function cleanText(text: string): string | TextFault {
  let mayChangeUnderNfc = false;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x20) {
      if (unit !== TAB && unit !== LINE_FEED && unit !== CARRIAGE_RETURN) {
        return { kind: 'control', index, codeUnit: unit };
      }
    } else if (unit < 0x7f) {
      continue;
    } else if (unit <= 0x9f) {
      return { kind: 'control', index, codeUnit: unit };
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        return { kind: 'lone-surrogate', index, codeUnit: unit };
      }
      index++;
      mayChangeUnderNfc = true;
    } else if (unit >= 0x300) {
      mayChangeUnderNfc = true;
    }
  }
  return mayChangeUnderNfc ? text.normalize('NFC') : text;
}

/** What the client should fix, for the `message` of a field error. */
export function describeTextFault(text: string, fault: TextFault, subject = 'text'): string {
  const position = [...text.slice(0, fault.index)].length + 1;
  const codePoint = `U+${fault.codeUnit.toString(16).toUpperCase().padStart(4, '0')}`;
  if (fault.kind === 'control') {
    return (
      `must not contain control characters: the ${subject} has ${codePoint} at character ${position}. ` +
      'Remove it; only tab, line feed and carriage return are allowed'
    );
  }
  return (
    `is not valid Unicode: the ${subject} has a lone surrogate (${codePoint}) at character ${position}. ` +
    'Send the text as well-formed UTF-8'
  );
}

interface Container {
  node: Record<string, unknown> | unknown[];
  path: string;
  depth: number;
}

export interface TextInputResult {
  /** The input with every string NFC-normalised (containers are updated in place). */
  value: unknown;
  errors: FieldError[];
}

/**
 * Applies the text-input rule to one request input. Iterative (an explicit stack), so a body nested
 * 10,000 levels deep is refused at MAX_INPUT_DEPTH instead of overflowing the call stack. Field paths
 * read like the validation pipe's: `bio`, `availability[2].start`; a top-level array or a bare string
 * is named by `rootName` (`body[0]`, `body`).
 */
export function cleanTextInput(input: unknown, rootName: string): TextInputResult {
  const errors: FieldError[] = [];
  if (typeof input === 'string') {
    const cleaned = cleanText(input);
    if (typeof cleaned === 'string') return { value: cleaned, errors };
    return { value: input, errors: [{ field: rootName, message: describeTextFault(input, cleaned) }] };
  }
  if (!isWalkable(input)) return { value: input, errors };

  const stack: Container[] = [{ node: input, path: '', depth: 1 }];
  while (stack.length > 0 && errors.length < MAX_REPORTED_ERRORS) {
    const { node, path, depth } = stack.pop()!;
    const nested: Container[] = [];
    const keys: Iterable<number | string> = Array.isArray(node) ? node.keys() : Object.keys(node);
    for (const key of keys) {
      if (errors.length >= MAX_REPORTED_ERRORS) break;
      const childPath = typeof key === 'number' ? `${path || rootName}[${key}]` : propertyPath(path, key);
      if (typeof key === 'string') {
        const keyFault = cleanText(key);
        if (typeof keyFault !== 'string') {
          // The raw name would carry the very characters refused; JSON escapes them (\u0000, \ud800).
          const field = `${path || rootName}[${JSON.stringify(key)}]`;
          errors.push({ field, message: describeTextFault(key, keyFault, 'field name') });
          continue;
        }
      }
      const parent = node as Record<number | string, unknown>;
      const child = parent[key];
      if (typeof child === 'string') {
        const cleaned = cleanText(child);
        if (typeof cleaned !== 'string') {
          errors.push({ field: childPath, message: describeTextFault(child, cleaned) });
        } else if (cleaned !== child) {
          parent[key] = cleaned;
        }
      } else if (isWalkable(child)) {
        if (depth < MAX_INPUT_DEPTH) {
          nested.push({ node: child, path: childPath, depth: depth + 1 });
        } else {
          const message = `nests more than ${MAX_INPUT_DEPTH} levels deep; no field of this API nests that deep`;
          errors.push({ field: childPath, message });
        }
      }
    }
    // Reversed, so the next pop is the first nested container: errors come in document order.
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i]);
  }
  return { value: input, errors };
}

function propertyPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function isWalkable(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);
}
