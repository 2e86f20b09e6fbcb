/**
 * MARC-in-JSON (marc-in-json.ts) written straight from a data area in UTF-8: the record's own
 * bytes when they are valid UTF-8 already in NFC, else its decoded text's. One pass copies
 * the bytes, escapes what JSON must and puts the structure around fields and subfields, with
 * no strings or objects per value: building the text from a MarcRecord allocated a few
 * hundred strings per record and took twice as long as decoding it (profiled).
 *
 * The fields are split exactly as IsoRecord.toMarcRecord() splits a decoded data area, so
 * the text equals marcInJson(record.toMarcRecord()). Where the bytes alone cannot tell
 * (a non-ASCII leader, indicator or subfield code, whose position in characters would differ
 * from its position in bytes; a character that would not survive NFC unchanged when
 * `checkNfc`; fewer 0x1E than fields) it returns undefined and the caller takes that path.
 */
import { isNfcSafe } from '../charsets/nfc-safe.ts';

export interface JsonShape {
  leader: string;
  tags: readonly string[];
  indicatorCount: number;
  /** Characters of a subfield code (leader/11 minus 1). */
  codeLength: number;
}

// Byte values are written as literals in the loops below: V8 compares against a literal
// without loading a module binding each time (measured: a third of the loop).
const HEX = '0123456789abcdef';

/**
 * Output is written straight into a slab and handed out as a view of it, as Buffer's own pool
 * does (copying each record's JSON out of a scratch buffer was a tenth of the MARC-8 JSON
 * profile); a new slab when the rest cannot hold a record's worst case.
 */
const SLAB = 1 << 17;
let slab = Buffer.allocUnsafe(SLAB);
let used = 0;
/** Set where the bytes need the caller's other path. */
let refused = false;

/** ASCII text (structure; no escapes needed by construction). */
function ascii(o: Buffer, n: number, text: string): number {
  for (let k = 0; k < text.length; k++) o[n++] = text.charCodeAt(k);
  return n;
}

// A data field's structure around its subfields and indicators.
const SUBFIELDS = Buffer.from('{"subfields":[', 'latin1');
const IND1 = Buffer.from('],"ind1":"', 'latin1');
const IND2 = Buffer.from('","ind2":"', 'latin1');
const FIELD_END = Buffer.from('"}}', 'latin1');

/** Bytes of structure (a loop of typed-array loads: cheaper than charCodeAt of a string, measured). */
function put(o: Buffer, n: number, bytes: Buffer): number {
  for (let k = 0; k < bytes.length; k++) o[n++] = bytes[k] as number;
  return n;
}

/** A byte below 0x20, a quote or a backslash, escaped as JSON.stringify does. */
function escaped(o: Buffer, n: number, c: number): number {
  o[n++] = 0x5c;
  if (c === 0x22 || c === 0x5c) o[n++] = c;
  else if (c === 0x08) o[n++] = 0x62; // b
  else if (c === 0x09) o[n++] = 0x74; // t
  else if (c === 0x0a) o[n++] = 0x6e; // n
  else if (c === 0x0c) o[n++] = 0x66; // f
  else if (c === 0x0d) o[n++] = 0x72; // r
  else n = ascii(o, n, `u00${HEX[c >> 4] as string}${HEX[c & 15] as string}`);
  return n;
}

/** One ASCII character (an indicator, a code's), escaped; a non-ASCII byte refuses. */
function character(o: Buffer, n: number, c: number): number {
  if (c >= 0x80) refused = true;
  if (c >= 0x20 && c !== 0x22 && c !== 0x5c) o[n++] = c;
  else n = escaped(o, n, c);
  return n;
}

/** Whether the UTF-8 sequence whose lead byte c is at src[i] leaves text NFC (validated input). */
function safeAt(src: Uint8Array, i: number, c: number): boolean {
  let cp: number;
  if (c < 0xe0) cp = ((c & 0x1f) << 6) | ((src[i + 1] as number) & 0x3f);
  else if (c < 0xf0) cp = ((c & 0x0f) << 12) | (((src[i + 1] as number) & 0x3f) << 6) | ((src[i + 2] as number) & 0x3f);
  else cp = ((c & 0x07) << 18) | (((src[i + 1] as number) & 0x3f) << 12) | (((src[i + 2] as number) & 0x3f) << 6) | ((src[i + 3] as number) & 0x3f);
  return isNfcSafe(cp);
}

/**
 * src[from, to): the data area in UTF-8, each field ended by 0x1E (the last may lack it).
 * `checkNfc`: the bytes are the record's own, not text normalized already.
 */
export function marcInJsonFromUtf8(src: Uint8Array, from: number, to: number, shape: JsonShape, checkNfc: boolean): Buffer | undefined {
  const { tags, indicatorCount, codeLength } = shape;
  // A byte is at most 6 out (\u00XX), a 0x1F 8 (`,{"` `":"` `"}`), a field's structure at most 64, the leader's 6 × 24 + 32.
  const bound = 8 * (to - from) + 64 * tags.length + 256;
  if (slab.length - used < bound) {
    slab = Buffer.allocUnsafe(Math.max(SLAB, bound));
    used = 0;
  }
  const o = slab;
  refused = false;
  let n = ascii(o, used, '{"leader":"');
  for (let k = 0; k < shape.leader.length; k++) n = character(o, n, shape.leader.charCodeAt(k));
  n = ascii(o, n, '","fields":[');
  let i = from;
  for (let f = 0; f < tags.length; f++) {
    const tag = tags[f] as string;
    if (f > 0) o[n++] = 0x2c;
    o[n++] = 0x7b;
    o[n++] = 0x22;
    o[n++] = tag.charCodeAt(0);
    o[n++] = tag.charCodeAt(1);
    o[n++] = tag.charCodeAt(2);
    o[n++] = 0x22;
    o[n++] = 0x3a;
    if (tag.charCodeAt(0) === 0x30 && tag.charCodeAt(1) === 0x30) {
      // Control field: everything up to the 0x1E, subfield delimiters included.
      o[n++] = 0x22;
      for (; i < to; i++) {
        const c = src[i] as number;
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
          // Lead bytes of U+0300 and above, but not U+4000-U+9FFF (CJK ideographs, all safe).
          if (c >= 0xcc && checkNfc && (c < 0xe4 || c > 0xe9) && !safeAt(src, i, c)) refused = true;
          o[n++] = c;
          continue;
        }
        if (c === 0x1e) break;
        n = escaped(o, n, c);
      }
      o[n++] = 0x22;
      o[n++] = 0x7d;
    } else {
      n = put(o, n, SUBFIELDS);
      // Indicators: whatever precedes the first delimiter, up to the leader's count; the rest
      // up to it is dropped (as toMarcRecord drops it), but NFC could join a mark there to an indicator.
      const start = i;
      for (; i < to; i++) {
        const c = src[i] as number;
        if (c === 0x1f || c === 0x1e) break;
        if (c >= 0xcc && checkNfc && !safeAt(src, i, c)) refused = true;
      }
      const indicatorEnd = Math.min(i, start + indicatorCount);
      let first = true;
      while (i < to && src[i] === 0x1f) {
        if (!first) o[n++] = 0x2c;
        first = false;
        o[n++] = 0x7b;
        o[n++] = 0x22;
        i++;
        const codeEnd = Math.min(i + codeLength, to);
        for (; i < codeEnd; i++) {
          const c = src[i] as number;
          if (c === 0x1f || c === 0x1e) break;
          n = character(o, n, c);
        }
        o[n++] = 0x22;
        o[n++] = 0x3a;
        o[n++] = 0x22;
        for (; i < to; i++) {
          const c = src[i] as number;
          if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
            if (c >= 0xcc && checkNfc && (c < 0xe4 || c > 0xe9) && !safeAt(src, i, c)) refused = true;
            o[n++] = c;
            continue;
          }
          if (c === 0x1f || c === 0x1e) break;
          n = escaped(o, n, c);
        }
        o[n++] = 0x22;
        o[n++] = 0x7d;
      }
      n = put(o, n, IND1);
      n = indicatorEnd > start ? character(o, n, src[start] as number) : ascii(o, n, ' ');
      n = put(o, n, IND2);
      n = indicatorEnd > start + 1 ? character(o, n, src[start + 1] as number) : ascii(o, n, ' ');
      n = put(o, n, FIELD_END);
    }
    // i: the field's 0x1E, or `to` (the last field may lack one; earlier ones may not).
    if (i >= to && f < tags.length - 1) return undefined;
    i++;
  }
  n = ascii(o, n, ']}');
  // Writes past the end are dropped by the typed array: the bound is checked, not trusted.
  if (refused || n > o.length) return undefined;
  const json = o.subarray(used, n);
  used = n;
  return json;
}
