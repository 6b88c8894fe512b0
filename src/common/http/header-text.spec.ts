import { cleanHeaderText } from './header-text.js';

/** What Node hands over for a header sent as UTF-8 bytes: one Latin-1 character per byte. */
const asHeader = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('cleanHeaderText', () => {
  it('keeps an ordinary user agent as it is', () => {
    const agent = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36';
    expect(cleanHeaderText(agent, 500)).toBe(agent);
  });

  it('reads UTF-8 bytes as UTF-8 and NFC-normalises', () => {
    expect(cleanHeaderText(asHeader('Qgig/1.0 (Café e\u0301)'), 500)).toBe('Qgig/1.0 (Café \u00e9)');
  });

  it('drops every control character, tab and C1 included, and trims', () => {
    expect(cleanHeaderText('\tcurl/8.5\u007f x\u0001 ', 500)).toBe('curl/8.5 x');
    // U+0085 (NEL) sent as UTF-8 is C1 once decoded.
    expect(cleanHeaderText(asHeader('agent\u0085/2'), 500)).toBe('agent/2');
  });

  it('turns invalid UTF-8 into U+FFFD and never returns a lone surrogate', () => {
    expect(cleanHeaderText('agent \u00ff\u00fe', 500)).toBe('agent \ufffd\ufffd');
    expect(cleanHeaderText('x\ud800y', 500)).toBe('xy');
  });

  it('caps the length without splitting a surrogate pair', () => {
    expect(cleanHeaderText('a'.repeat(600), 500)).toBe('a'.repeat(500));
    expect(cleanHeaderText(asHeader('ab😀'), 3)).toBe('ab');
  });

  it('answers null for nothing left', () => {
    expect(cleanHeaderText(undefined, 500)).toBeNull();
    expect(cleanHeaderText('\u0000\t ', 500)).toBeNull();
  });
});
