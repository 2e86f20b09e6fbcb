/**
 * MARCXML read from bytes is scanned as "UTF-8 bytes in Latin-1 characters": one native
 * copy per chunk instead of Node 20's UTF-8 decoder (which ran at about a third of the whole
 * read), markup is ASCII either way, and only the values are decoded, here. The reader checks
 * each chunk is valid UTF-8 before it is scanned this way, and values are cut at ASCII
 * delimiters, so every range holds whole sequences.
 */
import { endianness } from 'node:os';

const HIGH = /[\x80-\xff]/;
const LITTLE_ENDIAN = endianness() === 'LE';
let units = new Uint16Array(1024);
/**
 * How many units shorter than their bytes the decoded texts came out, summed over all calls:
 * the scanner takes differences of it to know the length of the text it read without
 * counting every character (LineCount).
 */
let shrunk = 0;

export function unitsSaved(): number {
  return shrunk;
}

/** The text that s[from, to) encodes. */
export function latin1Utf8(s: string, from: number, to: number): string {
  const raw = s.slice(from, to);
  if (!HIGH.test(raw)) return raw;
  if (!LITTLE_ENDIAN) {
    const text = Buffer.from(raw, 'latin1').toString('utf8');
    shrunk += to - from - text.length;
    return text;
  }
  if (units.length < to - from) units = new Uint16Array(Math.max(to - from, units.length * 2));
  const u = units;
  let n = 0;
  for (let i = from; i < to; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      u[n++] = c;
      i++;
    } else if (c < 0xe0) {
      u[n++] = ((c & 0x1f) << 6) | (s.charCodeAt(i + 1) & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      u[n++] = ((c & 0x0f) << 12) | ((s.charCodeAt(i + 1) & 0x3f) << 6) | (s.charCodeAt(i + 2) & 0x3f);
      i += 3;
    } else {
      const cp = (((c & 0x07) << 18) | ((s.charCodeAt(i + 1) & 0x3f) << 12) | ((s.charCodeAt(i + 2) & 0x3f) << 6) | (s.charCodeAt(i + 3) & 0x3f)) - 0x10000;
      u[n++] = 0xd800 | (cp >> 10);
      u[n++] = 0xdc00 | (cp & 0x3ff);
      i += 4;
    }
  }
  shrunk += to - from - n;
  return Buffer.from(u.buffer, u.byteOffset, n * 2).toString('ucs2');
}

/** latin1Utf8 in NFC (collector.ts nfc): text that was all ASCII needs no second look. */
export function latin1Utf8Nfc(s: string, from: number, to: number): string {
  const raw = s.slice(from, to);
  return HIGH.test(raw) ? latin1Utf8(s, from, to).normalize('NFC') : raw;
}

/** Text skipped without decoding (a comment, a processing instruction) counts as decoded. */
export function skipLatin1Utf8(s: string, from: number, to: number): void {
  shrunk += to - from - latin1Utf8Counts(s, from, to).units;
}

/** The whole of s (a complete stretch of the input) as text. */
export function latin1Utf8All(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}

/**
 * UTF-16 units and code points of the text s[from, to) encodes: every byte but continuation
 * bytes starts a code point, and four-byte sequences are two units.
 */
export function latin1Utf8Counts(s: string, from: number, to: number): { units: number; codePoints: number } {
  let continuation = 0;
  let fourByte = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      if (c < 0xc0) continuation++;
      else if (c >= 0xf0) fourByte++;
    }
  }
  const codePoints = to - from - continuation;
  return { units: codePoints + fourByte, codePoints };
}
