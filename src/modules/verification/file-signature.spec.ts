import { detectDocumentType } from './file-signature.js';

const bytes = (...values: number[]) => Buffer.from(values);

describe('detectDocumentType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d), 'image/png'],
    ['JPEG (JFIF)', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46), 'image/jpeg'],
    ['JPEG (Exif)', bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0x10), 'image/jpeg'],
  ])('recognises %s by its bytes', (_name, file, expected) => {
    expect(detectDocumentType(file)).toBe(expected);
  });

  it.each([
    ['a Windows executable', Buffer.from('MZ\x90\x00\x03\x00\x00\x00')],
    ['HTML', Buffer.from('<!doctype html><html><script>alert(1)</script>')],
    ['HTML that mentions %PDF- later', Buffer.from('<html>%PDF-1.4</html>')],
    ['GIF', Buffer.from('GIF89a')],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e)],
  ])('refuses %s', (_name, file) => {
    expect(detectDocumentType(file)).toBeUndefined();
  });
});
