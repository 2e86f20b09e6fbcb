/**
 * MARC-8 → Unicode (LoC "MARC 21 Specifications, Character Sets", Part 2: an ISO 2022
 * environment with G0 = ASCII and G1 = ANSEL by default, other sets designated by escape
 * sequences). Tables come from marc8-tables.ts / marc8-eacc.ts (generated from LoC's code tables).
 *
 * Covered: Basic Latin, ANSEL, Basic/Extended Cyrillic, Basic Greek, Greek symbols,
 * Basic Hebrew, Basic/Extended Arabic, subscripts, superscripts, EACC (CJK, 3 bytes).
 * MARC-8 writes combining marks BEFORE their base letter; Unicode wants them after, so
 * marks are held until the next base character and output is NFC-normalized.
 *
 * Hot path (every MARC-8 record, whole data areas): sets are small integers, tables are typed
 * arrays built once, output goes to a reused UTF-8 buffer, turned into one string per call
 * or handed as bytes to the MARC-in-JSON writer; no closures or per-character strings.
 */
import { isAscii } from 'node:buffer';
import { MARC8_C1, MARC8_SINGLE_BYTE_SETS } from './marc8-tables.ts';
import { EACC_PACKED } from './marc8-eacc.ts';
import { isNfcSafe } from './nfc-safe.ts';

const ESC = 0x1b;
const FT = 0x1e;

interface SingleSet {
  chars: string[];
  combining: Set<number>;
  ignorable: Set<number>;
}

const singleSets = new Map<string, SingleSet>();
for (const [final, set] of Object.entries(MARC8_SINGLE_BYTE_SETS)) {
  singleSets.set(final, { chars: set.chars, combining: new Set(set.combining), ignorable: new Set(set.ignorable) });
}

/** Single-byte sets by final character, for the encoder's reverse tables. */
export function singleByteSets(): ReadonlyMap<string, Readonly<SingleSet>> {
  return singleSets;
}

// Set numbers used by the decoder: ASCII, EACC, then the single-byte sets in table order.
const ASCII = 0;
const EACC = 1;
/** Final character (ESC ( F) → set number; -1 = not a MARC-8 set. */
const SET_BY_FINAL = new Int8Array(128).fill(-1);
SET_BY_FINAL[0x42] = ASCII; // 'B'
/**
 * Per set number, 128 entries by code (7 bits): the UTF-16 unit, or 0 when unassigned.
 * KIND: 0 unassigned (invalid), 1 base character, 2 combining mark, 3 ignorable (LoC maps a
 * double diacritic's second half to nothing).
 */
const UNITS: Uint16Array[] = [new Uint16Array(128), new Uint16Array(128)];
const KIND: Uint8Array[] = [new Uint8Array(128), new Uint8Array(128)];
for (let code = 0x21; code < 0x7f; code++) {
  (UNITS[ASCII] as Uint16Array)[code] = code;
  (KIND[ASCII] as Uint8Array)[code] = 1;
}
for (const [final, set] of singleSets) {
  const units = new Uint16Array(128);
  const kind = new Uint8Array(128);
  set.chars.forEach((ch, i) => {
    const code = 0x21 + i;
    if (ch !== '') {
      units[code] = ch.charCodeAt(0);
      kind[code] = set.combining.has(code) ? 2 : 1;
    } else if (set.ignorable.has(code)) kind[code] = 3;
  });
  SET_BY_FINAL[final.charCodeAt(0)] = UNITS.length;
  UNITS.push(units);
  KIND.push(kind);
}
const ANSEL = SET_BY_FINAL[0x45] as number; // 'E'
// Technique 1 (LoC): ESC g / b / p switch G0 to Greek symbols / subscripts / superscripts.
const GREEK_SYMBOLS = SET_BY_FINAL[0x67] as number;
const SUBSCRIPTS = SET_BY_FINAL[0x62] as number;
const SUPERSCRIPTS = SET_BY_FINAL[0x70] as number;

/** C1 controls MARC-8 defines, by byte (0 = undefined). */
const C1_UNITS = new Uint16Array(256);
for (const [byte, ch] of Object.entries(MARC8_C1)) if (ch !== '') C1_UNITS[Number(byte)] = ch.charCodeAt(0);

let eaccTable: Map<number, string> | undefined;

/** EACC_PACKED: ","-separated "<key delta>:<code points '.'-joined>", all base 36; parsed on first use. */
export function eacc(): Map<number, string> {
  if (eaccTable) return eaccTable;
  const table = new Map<number, string>();
  let key = 0;
  for (const entry of EACC_PACKED.split(',')) {
    const [delta = '0', cps = ''] = entry.split(':');
    key += parseInt(delta, 36);
    table.set(key, String.fromCodePoint(...cps.split('.').map((cp) => parseInt(cp, 36))));
  }
  eaccTable = table;
  return table;
}

/**
 * EACC as pages by first byte: 96 × 96 code points (second and third byte 0x20-0x7F; 0 =
 * unassigned) per first byte in use (27 of them, about 1 MB), so a lookup is two array loads
 * instead of a hash probe.
 */
let eaccPages: (Uint32Array | undefined)[] | undefined;
function eaccPageTable(): (Uint32Array | undefined)[] {
  if (eaccPages) return eaccPages;
  const pages: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(128).fill(undefined);
  for (const [key, ch] of eacc()) {
    const cp = ch.codePointAt(0) as number;
    if (String.fromCodePoint(cp) !== ch) throw new Error(`EACC ${key.toString(16)} maps to more than one character`);
    const second = ((key >> 8) & 0xff) - 0x20;
    const third = (key & 0xff) - 0x20;
    if (key >> 16 > 0x7f || second < 0 || second >= 96 || third < 0 || third >= 96) throw new Error(`EACC key ${key.toString(16)} outside 0x20-0x7F`);
    const page = (pages[key >> 16] ??= new Uint32Array(96 * 96));
    page[second * 96 + third] = cp;
  }
  eaccPages = pages;
  return pages;
}

/** EACC code point of three bytes (each taken & 0x7F), 0 when unassigned. */
function eaccAt(pages: (Uint32Array | undefined)[], a: number, b: number, c: number): number {
  const page = pages[a & 0x7f];
  const second = (b & 0x7f) - 0x20;
  const third = (c & 0x7f) - 0x20;
  if (page === undefined || second < 0 || third < 0) return 0;
  return page[second * 96 + third] as number;
}

export interface Marc8Result {
  text: string;
  /** Bytes that were not a valid MARC-8 code (unknown escape, unassigned code, cut EACC triple). */
  invalid: number;
}

// Designations found by escape(): -1 = unchanged.
let escapedG0 = -1;
let escapedG1 = -1;

/** Parses the escape at bytes[i] (ESC); returns its length, 0 = not a MARC-8 escape. */
function escape(bytes: Uint8Array, i: number, end: number): number {
  escapedG0 = -1;
  escapedG1 = -1;
  const first = i + 1 < end ? (bytes[i + 1] as number) : -1;
  if (first === 0x67) escapedG0 = GREEK_SYMBOLS;
  else if (first === 0x62) escapedG0 = SUBSCRIPTS;
  else if (first === 0x70) escapedG0 = SUPERSCRIPTS;
  else if (first === 0x73) escapedG0 = ASCII; // ESC s: back to ASCII
  if (escapedG0 >= 0) return 2;
  if (first === 0x28 || first === 0x2c || first === 0x29 || first === 0x2d) {
    // ( , designate G0; ) - designate G1. ANSEL is registered as "!E"; some writers omit the "!".
    const bang = i + 2 < end && bytes[i + 2] === 0x21 ? 1 : 0;
    if (i + 2 + bang >= end) return 0;
    const set = SET_BY_FINAL[(bytes[i + 2 + bang] as number) & 0x7f] as number;
    if (set < 0 || (bytes[i + 2 + bang] as number) > 0x7f) return 0;
    if (first === 0x28 || first === 0x2c) escapedG0 = set;
    else escapedG1 = set;
    return 3 + bang;
  }
  if (first === 0x24) {
    // ESC $ 1 (G0) or ESC $ ( 1, $ , 1 (G0), $ ) 1, $ - 1 (G1): EACC.
    const second = i + 2 < end ? (bytes[i + 2] as number) : -1;
    if (second === 0x31) {
      escapedG0 = EACC;
      return 3;
    }
    const third = i + 3 < end ? (bytes[i + 3] as number) : -1;
    if (third !== 0x31) return 0;
    if (second === 0x28 || second === 0x2c) escapedG0 = EACC;
    else if (second === 0x29 || second === 0x2d) escapedG1 = EACC;
    else return 0;
    return 4;
  }
  return 0;
}

/**
 * Reused output buffer, UTF-8: every input byte gives at most three bytes (an ANSEL or C1 byte
 * a BMP character, an EACC triple at most four). A Buffer so the text is one native decode.
 */
let out = Buffer.allocUnsafeSlow(1 << 15);
/** Combining marks (UTF-16 units, all in the BMP) waiting for their base character. */
let marks = new Uint16Array(64);

/** Writes code point cp as UTF-8 at o[n]; returns the new length. */
function put(o: Buffer, n: number, cp: number): number {
  if (cp < 0x80) {
    o[n] = cp;
    return n + 1;
  }
  if (cp < 0x800) {
    o[n] = 0xc0 | (cp >> 6);
    o[n + 1] = 0x80 | (cp & 0x3f);
    return n + 2;
  }
  if (cp < 0x10000) {
    o[n] = 0xe0 | (cp >> 12);
    o[n + 1] = 0x80 | ((cp >> 6) & 0x3f);
    o[n + 2] = 0x80 | (cp & 0x3f);
    return n + 3;
  }
  o[n] = 0xf0 | (cp >> 18);
  o[n + 1] = 0x80 | ((cp >> 12) & 0x3f);
  o[n + 2] = 0x80 | ((cp >> 6) & 0x3f);
  o[n + 3] = 0x80 | (cp & 0x3f);
  return n + 4;
}

/** Writes the held marks after the base character just written; returns the new length. */
function flushMarks(o: Buffer, n: number, m: number): number {
  for (let k = 0; k < m; k++) n = put(o, n, marks[k] as number);
  return n;
}

/**
 * NFC of a base character and one mark, by (base << 16 | mark): the precomposed character,
 * PAIR_AS_IS when NFC leaves the two as they are, PAIR_OTHER otherwise. Lets a record whose
 * marks each sit alone on a letter skip NFC of its whole text (profiled: the largest cost of
 * decoding MARC-8 records with diacritics). Filled from the runtime's normalizer on first sight.
 */
const pairs = new Map<number, number>();
const PAIR_AS_IS = -1;
const PAIR_OTHER = -2;
const MAX_PAIRS = 4096;
function composedPair(base: number, mark: number): number {
  const key = base * 0x10000 + mark;
  let known = pairs.get(key);
  // Bounded (hostile input could pair every letter with every mark): past it, NFC at the end.
  if (known === undefined && pairs.size >= MAX_PAIRS) return PAIR_OTHER;
  if (known === undefined) {
    const pair = String.fromCharCode(base, mark);
    const nfc = pair.normalize('NFC');
    known = nfc === pair ? PAIR_AS_IS : nfc.length === 1 && isNfcSafe(nfc.charCodeAt(0)) ? nfc.charCodeAt(0) : PAIR_OTHER;
    pairs.set(key, known);
  }
  return known;
}

/** Set by decodeToUtf8: bytes that were not a MARC-8 code, and whether the text needs NFC. */
let decodedInvalid = 0;
let decodedCompose = false;

/**
 * Decodes bytes[start, end). The designations reset to ASCII/ANSEL at each 0x1E, so a whole
 * data area can be decoded in one call and still split on 0x1E/0x1F afterwards (C0 controls
 * are outside G0/G1, the delimiters stay visible).
 */
export function decodeMarc8(bytes: Uint8Array, start = 0, end = bytes.length): Marc8Result {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // 7-bit text without escapes is ASCII as it stands (most records of Latin-script catalogues).
  if (plainAscii(buffer, start, end)) return { text: finished(buffer.toString('latin1', start, end), false), invalid: 0 };
  const n = decodeToUtf8(bytes, start, end);
  return { text: finished(out.toString('utf8', 0, n), decodedCompose), invalid: decodedInvalid };
}

/** Decoded text as decodeMarc8 gives it: NFC where the decode said so, numeric character references resolved. */
function finished(raw: string, compose: boolean): string {
  const text = compose ? raw.normalize('NFC') : raw;
  return text.includes('&#x') ? decodeNcrs(text) : text;
}

function plainAscii(buffer: Buffer, start: number, end: number): boolean {
  const range = buffer.subarray(start, end);
  return range.indexOf(ESC) < 0 && isAscii(range);
}

/**
 * The UTF-8 of decodeMarc8(bytes, start, end).text, decoded once: without building a string when
 * that text came out NFC as decoded and holds no numeric character reference (nearly every
 * record), a view of a buffer reused by the next call (or of `bytes`); else the finished text's
 * UTF-8, from the same decode.
 */
export function decodeMarc8Utf8(bytes: Buffer, start: number, end: number): Uint8Array {
  if (plainAscii(bytes, start, end)) {
    const ncr = bytes.indexOf('&#x', start, 'latin1');
    return ncr >= 0 && ncr < end ? Buffer.from(finished(bytes.toString('latin1', start, end), false), 'utf8') : bytes.subarray(start, end);
  }
  const n = decodeToUtf8(bytes, start, end);
  const utf8 = out.subarray(0, n);
  // "&#x" starts a numeric character reference, which finished() resolves.
  if (!decodedCompose && utf8.indexOf('&#x', 0, 'latin1') < 0) return utf8;
  return Buffer.from(finished(out.toString('utf8', 0, n), decodedCompose), 'utf8');
}

/**
 * bytes[start, end) as UTF-8 in `out`, marks after their base letter and composed where one
 * mark meets one letter; returns the byte count and sets decodedInvalid and decodedCompose
 * (the text still needs NFC). One pass, no string: the text, when wanted, is one native decode.
 */
function decodeToUtf8(bytes: Uint8Array, start: number, end: number): number {
  if (out.length < 3 * (end - start)) out = Buffer.allocUnsafeSlow(Math.max(3 * (end - start), out.length * 2));
  const o = out;
  let n = 0;
  let m = 0;
  let g0 = ASCII;
  let g1 = ANSEL;
  let invalid = 0;
  // NFC is only needed where marks were moved after their letter and not composed here, or a
  // character NFC would change came out (a compatibility ideograph, Greek U+0374).
  let compose = false;
  let pages: (Uint32Array | undefined)[] | undefined;
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    let cp: number;
    if (b > 0x20 && b < 0x7f && g0 === ASCII) {
      i++;
      if (m === 0) {
        o[n++] = b;
        continue;
      }
      cp = b;
    } else if (b === ESC) {
      const length = escape(bytes, i, end);
      if (length === 0) {
        invalid++;
        i++;
      } else {
        if (escapedG0 >= 0) g0 = escapedG0;
        if (escapedG1 >= 0) g1 = escapedG1;
        i += length;
      }
      continue;
    } else if (b <= 0x20 || b === 0x7f) {
      // C0 controls, space, DEL stand for themselves; 0x1E also ends the designations.
      cp = b;
      i++;
      if (b === FT) {
        g0 = ASCII;
        g1 = ANSEL;
      }
    } else if (b >= 0x80 && (b < 0xa1 || b === 0xff)) {
      cp = C1_UNITS[b] as number;
      i++;
      if (cp === 0) {
        invalid++;
        continue;
      }
    } else {
      const set = b < 0x80 ? g0 : g1;
      if (set === EACC) {
        if (i + 3 > end) {
          invalid += end - i;
          break;
        }
        pages ??= eaccPageTable();
        cp = eaccAt(pages, b, bytes[i + 1] as number, bytes[i + 2] as number);
        i += 3;
        if (cp === 0) {
          invalid += 3;
          continue;
        }
        if (cp >= 0xf900 || !isNfcSafe(cp)) compose = true;
      } else {
        const code = b & 0x7f;
        i++;
        const kind = (KIND[set] as Uint8Array)[code] as number;
        if (kind === 0) {
          invalid++;
          continue;
        }
        if (kind === 3) continue;
        cp = (UNITS[set] as Uint16Array)[code] as number;
        if (kind === 2) {
          if (m === marks.length) {
            const grown = new Uint16Array(m * 2);
            grown.set(marks);
            marks = grown;
          }
          marks[m++] = cp;
          continue;
        }
        // Some table characters have an NFC singleton form (Greek U+0374 → U+02B9): compose after them.
        if (set !== ASCII && !isNfcSafe(cp)) compose = true;
      }
    }
    if (m === 0) n = put(o, n, cp);
    else if (m === 1 && !compose && cp < 0xd800) {
      // One mark on a base: its NFC here, or the whole text's NFC at the end.
      const pair = composedPair(cp, marks[0] as number);
      if (pair >= 0) n = put(o, n, pair);
      else {
        n = put(o, put(o, n, cp), marks[0] as number);
        if (pair !== PAIR_AS_IS) compose = true;
      }
      m = 0;
    } else {
      n = flushMarks(o, put(o, n, cp), m);
      m = 0;
      compose = true;
    }
  }
  if (m > 0) {
    n = flushMarks(o, n, m);
    compose = true;
  }
  decodedInvalid = invalid;
  decodedCompose = compose;
  return n;
}

/**
 * LoC's lossless conversion rule writes a character outside the MARC-8 repertoire as the
 * numeric character reference &#xHHHH; in ASCII; readers turn it back into the character.
 */
function decodeNcrs(text: string): string {
  return text.replace(/&#x([0-9A-Fa-f]{1,6});/g, (whole, hex: string) => {
    const cp = parseInt(hex, 16);
    // Controls stay as written: a decoded 0x1E/0x1F would split the field it sits in.
    const valid = cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) && cp >= 0x20 && (cp < 0x7f || cp > 0x9f);
    return valid ? String.fromCodePoint(cp) : whole;
  }).normalize('NFC');
}

/**
 * Validity without building text (the charset check's fast path): bytes that are not a
 * MARC-8 code, and the longest run of 8-bit bytes. MARC-8 puts at most a few marks or
 * spacing letters together in G1; GBK or Big5 text is long runs of 8-bit bytes.
 */
export function scanMarc8(bytes: Uint8Array): { invalid: number; longestHighRun: number } {
  let g0 = ASCII;
  let g1 = ANSEL;
  let invalid = 0;
  let run = 0;
  let longest = 0;
  let pages: (Uint32Array | undefined)[] | undefined;
  let i = 0;
  const end = bytes.length;
  while (i < end) {
    const b = bytes[i] as number;
    if (b >= 0x80) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
    if (b > 0x20 && b < 0x7f && g0 === ASCII) {
      i++;
      continue;
    }
    if (b === ESC) {
      const length = escape(bytes, i, end);
      if (length === 0) {
        invalid++;
        i++;
        continue;
      }
      if (escapedG0 >= 0) g0 = escapedG0;
      if (escapedG1 >= 0) g1 = escapedG1;
      i += length;
      continue;
    }
    if (b <= 0x20 || b === 0x7f) {
      if (b === FT) {
        g0 = ASCII;
        g1 = ANSEL;
      }
      i++;
      continue;
    }
    if (b >= 0x80 && (b < 0xa1 || b === 0xff)) {
      if (C1_UNITS[b] === 0) invalid++;
      i++;
      continue;
    }
    const set = b >= 0x80 ? g1 : g0;
    if (set === EACC) {
      if (i + 3 > end) return { invalid: invalid + end - i, longestHighRun: longest };
      pages ??= eaccPageTable();
      if (eaccAt(pages, b, bytes[i + 1] as number, bytes[i + 2] as number) === 0) invalid += 3;
      i += 3;
      continue;
    }
    i++;
    if ((KIND[set] as Uint8Array)[b & 0x7f] === 0) invalid++;
  }
  return { invalid, longestHighRun: longest };
}
