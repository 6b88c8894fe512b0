import fc from 'fast-check';
import { cleanText, cleanTextInput, MAX_INPUT_DEPTH, MAX_REPORTED_ERRORS } from './text-input.js';

const fields = (result: { errors: { field: string }[] }) => result.errors.map((error) => error.field);

describe('cleanText', () => {
  it('keeps tab, line feed and carriage return, and plain text, unchanged', () => {
    expect(cleanText('line one\r\n\tline two\n')).toBe('line one\r\n\tline two\n');
    expect(cleanText('Nakato, Wakiso – 08:00 ✓')).toBe('Nakato, Wakiso – 08:00 ✓');
    expect(cleanText('')).toBe('');
  });

  it('NFC-normalises: a decomposed é becomes one code point', () => {
    expect(cleanText('Mbarara Cafe\u0301')).toBe('Mbarara Caf\u00e9');
    // Hangul jamo compose; an astral character outside any decomposition stays as it is.
    expect(cleanText('\u1100\u1161')).toBe('\uac00');
    expect(cleanText('smile 😀')).toBe('smile 😀');
  });

  it('refuses every other C0 control, DEL and C1, naming the code unit and where it is', () => {
    for (const unit of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f]) {
      expect(cleanText(`ab${String.fromCharCode(unit)}`)).toEqual({
        kind: 'control',
        index: 2,
        codeUnit: unit,
      });
    }
    expect(cleanText('\u00a0non-breaking space is text')).toBe('\u00a0non-breaking space is text');
  });

  it('refuses lone surrogates, high or low, and accepts pairs', () => {
    expect(cleanText('x\ud800')).toEqual({ kind: 'lone-surrogate', index: 1, codeUnit: 0xd800 });
    expect(cleanText('\ud800x')).toEqual({ kind: 'lone-surrogate', index: 0, codeUnit: 0xd800 });
    expect(cleanText('x\udc00y')).toEqual({ kind: 'lone-surrogate', index: 1, codeUnit: 0xdc00 });
    expect(cleanText('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it('agrees with isWellFormed and a control scan on arbitrary strings, and returns NFC', () => {
    const isRefusedControl = (unit: number) =>
      (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) || (unit >= 0x7f && unit <= 0x9f);
    const hasRefusedControl = (text: string) =>
      [...text].some((char) => isRefusedControl(char.charCodeAt(0)));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const result = cleanText(text);
        const acceptable =
          (text as unknown as { isWellFormed(): boolean }).isWellFormed() && !hasRefusedControl(text);
        expect(typeof result === 'string').toBe(acceptable);
        if (typeof result === 'string') expect(result).toBe(text.normalize('NFC'));
      }),
      { seed: 20261124, numRuns: 2000 },
    );
  });
});

describe('cleanTextInput', () => {
  it('names fields by path like the validation pipe, at any depth, in document order', () => {
    const body = {
      bio: 'nurse\u0000',
      availability: [{ start: '08:00' }, { start: '09:00' }, { start: '\u0001' }],
      skills: ['ok', 'x\ud800'],
      nested: { deeper: { note: '\u007f' } },
    };
    expect(fields(cleanTextInput(body, 'body'))).toEqual([
      'bio',
      'availability[2].start',
      'skills[1]',
      'nested.deeper.note',
    ]);
  });

  it('says what to fix', () => {
    const [error] = cleanTextInput({ bio: 'héllo\u0000' }, 'body').errors;
    expect(error.message).toBe(
      'must not contain control characters: the text has U+0000 at character 6. ' +
        'Remove it; only tab, line feed and carriage return are allowed',
    );
    expect(cleanTextInput({ q: '\udc00' }, 'query').errors[0].message).toMatch(
      /^is not valid Unicode: .*lone surrogate \(U\+DC00\) at character 1/,
    );
  });

  it('names a bare string or a top-level array by the root name', () => {
    expect(cleanTextInput('\u0000', 'body').errors[0].field).toBe('body');
    expect(fields(cleanTextInput(['fine', '\u0002'], 'body'))).toEqual(['body[1]']);
  });

  it('refuses field names with controls, escaping them in the path', () => {
    expect(fields(cleanTextInput({ 'bad\u0000key': 'v', ok: { '\ud800': 1 } }, 'body'))).toEqual([
      'body["bad\\u0000key"]',
      'ok["\\ud800"]',
    ]);
  });

  it('normalises accepted strings in place and returns the same containers', () => {
    const query = { district: 'Kabale\u0301', cursor: 'abc' };
    const result = cleanTextInput(query, 'query');
    expect(result).toEqual({ value: query, errors: [] });
    expect(query.district).toBe('Kabal\u00e9');
    expect(cleanTextInput('e\u0301', 'body').value).toBe('\u00e9');
  });

  it('leaves numbers, booleans, null and undefined alone', () => {
    const body = { a: 1, b: true, c: null, d: [2, false] };
    expect(cleanTextInput(body, 'body')).toEqual({ value: body, errors: [] });
    expect(cleanTextInput(undefined, 'body')).toEqual({ value: undefined, errors: [] });
  });

  it('refuses nesting deeper than the limit without recursing, even 10,000 levels', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    const result = cleanTextInput({ a: deep }, 'body');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].field).toBe(`a${'[0]'.repeat(MAX_INPUT_DEPTH - 1)}`);
    expect(result.errors[0].message).toContain(`more than ${MAX_INPUT_DEPTH} levels`);
    const shallowEnough = JSON.parse('['.repeat(MAX_INPUT_DEPTH) + ']'.repeat(MAX_INPUT_DEPTH)) as unknown;
    expect(cleanTextInput(shallowEnough, 'body').errors).toEqual([]);
  });

  it('reports at most MAX_REPORTED_ERRORS faults', () => {
    const body = Array.from({ length: 1000 }, () => '\u0000');
    expect(cleanTextInput(body, 'body').errors).toHaveLength(MAX_REPORTED_ERRORS);
  });
});
