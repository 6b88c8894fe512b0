/**
 * Text we keep from request headers (the user agent and client address on sessions and audit entries)
 * is cleaned rather than refused: clients do not choose these field by field, and a refused login
 * because of an odd proxy or browser string would help nobody.
 *
 * Node hands header values over as Latin-1, one character per byte; browsers send UTF-8, so bytes
 * above 0x7F are read again as UTF-8 (invalid sequences become U+FFFD). Then every control character
 * (C0, DEL, C1, tab included) is dropped, the text is NFC-normalised, trimmed and capped at
 * `maxLength` UTF-16 code units without splitting a surrogate pair. Empty results are null.
 */
export function cleanHeaderText(value: string | undefined, maxLength: number): string | null {
  if (!value) return null;
  const decoded = isLatin1WithHighBytes(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  let kept = '';
  let start = 0;
  for (let index = 0; index < decoded.length; index++) {
    const unit = decoded.charCodeAt(index);
    if (isSurrogatePair(decoded, index)) {
      index++;
    } else if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f) || (unit >= 0xd800 && unit <= 0xdfff)) {
      kept += decoded.slice(start, index);
      start = index + 1;
    }
  }
  kept += decoded.slice(start);
  const text = kept.normalize('NFC').trim();
  if (!text) return null;
  if (text.length <= maxLength) return text;
  // Do not end on the first half of a surrogate pair.
  const cut = isSurrogatePair(text, maxLength - 1) ? maxLength - 1 : maxLength;
  return text.slice(0, cut).trimEnd();
}

function isSurrogatePair(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/** True for a string of byte values (all below U+0100) with at least one above 0x7F. */
function isLatin1WithHighBytes(value: string): boolean {
  let high = false;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit > 0xff) return false;
    if (unit > 0x7f) high = true;
  }
  return high;
}
