/**
 * MARC-8 → Unicode (LoC "MARC 21 Specifications, Character Sets", Part 2: an ISO 2022
 * environment with G0 = ASCII and G1 = ANSEL by default, other sets designated by escape
 * sequences). Tables come from marc8-tables.ts / marc8-eacc.ts (generated from YAZ).
 *
 * Covered: Basic Latin, ANSEL, Basic/Extended Cyrillic, Basic Greek, Greek symbols,
 * Basic Hebrew, Basic/Extended Arabic, subscripts, superscripts, EACC (CJK, 3 bytes).
 * MARC-8 writes combining marks BEFORE their base letter; Unicode wants them after, so
 * marks are held until the next base character and output is NFC-normalized.
 */
import { MARC8_C1, MARC8_SINGLE_BYTE_SETS } from './marc8-tables.ts';
import { EACC_PACKED } from './marc8-eacc.ts';

const ESC = 0x1b;
const FT = 0x1e;
const EACC = '1';

interface SingleSet {
  chars: string[];
  combining: Set<number>;
  ignorable: Set<number>;
}

const singleSets = new Map<string, SingleSet>();
for (const [final, set] of Object.entries(MARC8_SINGLE_BYTE_SETS)) {
  singleSets.set(final, { chars: set.chars, combining: new Set(set.combining), ignorable: new Set(set.ignorable) });
}

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

/** ANSEL second halves of double diacritics: LoC maps the pair to its first half alone. */
function isIgnorable(set: string, code: number): boolean {
  return singleSets.get(set)?.ignorable.has(code) ?? false;
}

/** Single-byte sets by final character, for the encoder's reverse tables. */
export function singleByteSets(): ReadonlyMap<string, Readonly<SingleSet>> {
  return singleSets;
}

const C1: Record<number, string> = MARC8_C1;

export interface Marc8Result {
  text: string;
  /** Bytes that were not a valid MARC-8 code (unknown escape, unassigned code, cut EACC triple). */
  invalid: number;
}

/**
 * Decodes bytes[start, end). The designations reset to ASCII/ANSEL at each 0x1E, so a whole
 * data area can be decoded in one call and still split on 0x1E/0x1F afterwards (C0 controls
 * are outside G0/G1, the delimiters stay visible).
 */
export function decodeMarc8(bytes: Uint8Array, start = 0, end = bytes.length): Marc8Result {
  let g0 = 'B';
  let g1 = 'E';
  let out = '';
  let marks = '';
  let invalid = 0;
  // NFC is only needed where marks were moved after their letter (or a compatibility ideograph came out).
  let compose = false;
  const emit = (ch: string, combining: boolean): void => {
    if (combining) {
      marks += ch;
      compose = true;
    } else {
      out += ch + marks;
      marks = '';
    }
  };
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    if (g0 === 'B' && b >= 0x20 && b < 0x7f && marks === '') {
      // ASCII runs (most of any record) in one slice.
      let j = i + 1;
      while (j < end && (bytes[j] as number) >= 0x20 && (bytes[j] as number) < 0x7f) j++;
      out += buffer.toString('latin1', i, j);
      i = j;
      continue;
    }
    if (b === ESC) {
      const next = escape(bytes, i, end);
      if (next.length === 0) {
        invalid++;
        i++;
        continue;
      }
      if (next.g0 !== undefined) g0 = next.g0;
      if (next.g1 !== undefined) g1 = next.g1;
      i += next.length;
      continue;
    }
    if (b < 0x21 || b === 0x7f) {
      emit(String.fromCharCode(b), false);
      if (b === FT) {
        g0 = 'B';
        g1 = 'E';
      }
      i++;
      continue;
    }
    const high = b >= 0x80;
    if (high && (b < 0xa1 || b === 0xff)) {
      const c1 = C1[b];
      if (c1 !== undefined) emit(c1, false);
      else invalid++;
      i++;
      continue;
    }
    const set = high ? g1 : g0;
    if (set === EACC) {
      if (i + 3 > end) {
        invalid += end - i;
        break;
      }
      const key = ((b & 0x7f) << 16) | (((bytes[i + 1] as number) & 0x7f) << 8) | ((bytes[i + 2] as number) & 0x7f);
      const ch = eacc().get(key);
      if (ch === undefined) invalid += 3;
      else {
        if (ch.charCodeAt(0) >= 0xf900) compose = true;
        emit(ch, false);
      }
      i += 3;
      continue;
    }
    const code = b & 0x7f;
    i++;
    if (set === 'B') {
      emit(String.fromCharCode(code), false);
      continue;
    }
    const table = singleSets.get(set);
    const ch = table?.chars[code - 0x21];
    if (table === undefined || ch === undefined || ch === '') {
      if (!isIgnorable(set, code)) invalid++;
      continue;
    }
    // Some table characters have an NFC singleton form (Greek U+0374 → U+02B9): always compose after them.
    compose = true;
    emit(ch, table.combining.has(code));
  }
  const text = compose ? (out + marks).normalize('NFC') : out;
  return { text: text.includes('&#x') ? decodeNcrs(text) : text, invalid };
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
  let g0 = 'B';
  let g1 = 'E';
  let invalid = 0;
  let run = 0;
  let longest = 0;
  let i = 0;
  const end = bytes.length;
  while (i < end) {
    const b = bytes[i] as number;
    if (b >= 0x80) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
    if (b === ESC) {
      const next = escape(bytes, i, end);
      if (next.length === 0) {
        invalid++;
        i++;
        continue;
      }
      if (next.g0 !== undefined) g0 = next.g0;
      if (next.g1 !== undefined) g1 = next.g1;
      i += next.length;
      continue;
    }
    if (b < 0x21 || b === 0x7f) {
      if (b === FT) {
        g0 = 'B';
        g1 = 'E';
      }
      i++;
      continue;
    }
    if (b >= 0x80 && (b < 0xa1 || b === 0xff)) {
      if (C1[b] === undefined) invalid++;
      i++;
      continue;
    }
    const set = b >= 0x80 ? g1 : g0;
    if (set === EACC) {
      if (i + 3 > end) return { invalid: invalid + end - i, longestHighRun: longest };
      const key = ((b & 0x7f) << 16) | (((bytes[i + 1] as number) & 0x7f) << 8) | ((bytes[i + 2] as number) & 0x7f);
      if (!eacc().has(key)) invalid += 3;
      i += 3;
      continue;
    }
    i++;
    if (set === 'B') continue;
    const ch = singleSets.get(set)?.chars[(b & 0x7f) - 0x21];
    if ((ch === undefined || ch === '') && !isIgnorable(set, b & 0x7f)) invalid++;
  }
  return { invalid, longestHighRun: longest };
}

interface Designation {
  length: number;
  g0?: string;
  g1?: string;
}

/** Parses the escape at bytes[i] (ESC). Length 0 = not a MARC-8 escape. */
function escape(bytes: Uint8Array, i: number, end: number): Designation {
  const at = (k: number): string => (i + k < end ? String.fromCharCode(bytes[i + k] as number) : '');
  const first = at(1);
  // Technique 1 (LoC): ESC g / b / p switch G0 to Greek symbols / subscript / superscript, ESC s back.
  if (first === 'g' || first === 'b' || first === 'p') return { length: 2, g0: first };
  if (first === 's') return { length: 2, g0: 'B' };
  if (first === '(' || first === ',' || first === ')' || first === '-') {
    // ANSEL is registered as "!E"; some writers omit the "!".
    const bang = at(2) === '!' ? 1 : 0;
    const final = at(2 + bang);
    if (final === '') return { length: 0 };
    const set = final === 'B' || singleSets.has(final) ? final : undefined;
    if (set === undefined) return { length: 0 };
    return first === '(' || first === ',' ? { length: 3 + bang, g0: set } : { length: 3 + bang, g1: set };
  }
  if (first === '$') {
    const second = at(2);
    if (second === EACC) return { length: 3, g0: EACC };
    if ((second === '(' || second === ',') && at(3) === EACC) return { length: 4, g0: EACC };
    if ((second === ')' || second === '-') && at(3) === EACC) return { length: 4, g1: EACC };
  }
  return { length: 0 };
}
