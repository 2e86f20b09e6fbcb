/**
 * MARCXML read from bytes is scanned as "UTF-8 bytes in Latin-1 characters": one native
 * copy per chunk instead of Node 20's UTF-8 decoder (which ran at about a third of the whole
 * read), markup is ASCII either way, and only the values are decoded, here. The reader checks
 * each chunk is valid UTF-8 before it is scanned this way, and values are cut at ASCII
 * delimiters, so every range holds whole sequences.
 */
import { endianness } from 'node:os';
import { isNfcSafe } from '../charsets/nfc-safe.ts';

const HIGH = /[\x80-\xff]/;
const LITTLE_ENDIAN = endianness() === 'LE';
let units = new Uint16Array(1024);
/** A Buffer over `units`, made when they are: a view per decoded value cost about as much as decoding it. */
let unitBytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
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
  return unitsToText(decodeUnits(s, from, to));
}

/**
 * The text s[from, to) encodes, in NFC (collector.ts nfc), or undefined when it holds a C0
 * control other than tab, LF and CR (not an XML character); the caller has seen a byte ≥ 0x80
 * there. The normalizer runs only when a character that NFC could change came out
 * (nfc-safe.ts): CJK and Latin-1 text never needs it.
 */
export function latin1Utf8Nfc(s: string, from: number, to: number): string | undefined {
  const text = latin1Utf8Checked(s, from, to);
  return text === undefined || !unsafe ? text : text.normalize('NFC');
}

/** The text s[from, to) encodes, or undefined when it holds a C0 control other than tab, LF and CR. */
export function latin1Utf8Checked(s: string, from: number, to: number): string | undefined {
  if (!LITTLE_ENDIAN) {
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return undefined;
    }
    unsafe = true;
    return latin1Utf8(s, from, to);
  }
  const text = unitsToText(decodeUnits(s, from, to));
  return control ? undefined : text;
}

/** decodeUnits found a character after which NFC may change the text. */
let unsafe = false;
/** decodeUnits found a C0 control other than tab, LF and CR. */
let control = false;

/** Decodes s[from, to) into `units`; returns how many. */
function decodeUnits(s: string, from: number, to: number): number {
  if (units.length < to - from) {
    units = new Uint16Array(Math.max(to - from, units.length * 2));
    unitBytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  }
  const u = units;
  let n = 0;
  let risky = false;
  let c0 = false;
  for (let i = from; i < to; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) c0 = true;
      u[n++] = c;
      i++;
    } else if (c < 0xe0) {
      const cp = ((c & 0x1f) << 6) | (s.charCodeAt(i + 1) & 0x3f);
      if (cp >= 0x300 && !risky && !isNfcSafe(cp)) risky = true;
      u[n++] = cp;
      i += 2;
    } else if (c < 0xf0) {
      const cp = ((c & 0x0f) << 12) | ((s.charCodeAt(i + 1) & 0x3f) << 6) | (s.charCodeAt(i + 2) & 0x3f);
      if ((cp < 0x3400 || cp > 0x9fff) && !risky && !isNfcSafe(cp)) risky = true;
      u[n++] = cp;
      i += 3;
    } else {
      const cp = (((c & 0x07) << 18) | ((s.charCodeAt(i + 1) & 0x3f) << 12) | ((s.charCodeAt(i + 2) & 0x3f) << 6) | (s.charCodeAt(i + 3) & 0x3f)) - 0x10000;
      if (!risky && !isNfcSafe(cp + 0x10000)) risky = true;
      u[n++] = 0xd800 | (cp >> 10);
      u[n++] = 0xdc00 | (cp & 0x3ff);
      i += 4;
    }
  }
  unsafe = risky;
  control = c0;
  shrunk += to - from - n;
  return n;
}

function unitsToText(n: number): string {
  return unitBytes.toString('ucs2', 0, n * 2);
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
