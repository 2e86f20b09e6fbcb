/**
 * JSON.stringify(value) written straight as UTF-8 bytes into a Buffer, with no string in between:
 * V8's stringify builds a cons string of parts that the UTF-8 encoding then flattens into a copy,
 * three passes and two copies of a ~200 KB /api/search answer (unique-json.ts). Exactly
 * JSON.stringify's text (ECMA-262 SerializeJSONProperty, no replacer, no indent): toJSON(key),
 * own enumerable keys in their order, undefined/functions/symbols left out of objects and null in
 * arrays, lone surrogates as \udxxx; test/http/json-utf8.test.ts compares it with JSON.stringify.
 */

/** Nesting this deep is handed to JSON.stringify: a cycle then throws its TypeError, not a stack overflow. */
const MAX_DEPTH = 200;
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
/** The short escapes JSON.stringify uses for these control characters, else \u00xx. */
const SHORT_ESCAPE: Record<number, number> = { 8: 98, 9: 116, 10: 110, 12: 102, 13: 114 };

/** A key's `"key":` bytes: the same few keys repeat on every copy of a page. */
const keyBytes = new Map<string, Buffer>();
const KEPT_KEYS = 4096;

/** What `out` holds between calls: no reference to the caller's buffer is kept. */
const NO_BUFFER = Buffer.alloc(0);
let out: Buffer = NO_BUFFER;
let at = 0;
/** Object.prototype with an enumerable property (polluted) would show up in for…in: then Object.keys. */
let ownKeysOnly = false;

/**
 * Writes JSON.stringify(value) as UTF-8 from the start of `into`; a larger Buffer (a power of two)
 * replaces it when the text does not fit. Returns the Buffer holding the bytes and their length;
 * length 0 for what JSON.stringify answers undefined for.
 */
export function writeJsonUtf8(value: unknown, into: Buffer): { buffer: Buffer; length: number } {
  out = into;
  at = 0;
  ownKeysOnly = false;
  for (const _ in {}) ownKeysOnly = true;
  try {
    writeValue(value, '', 0);
    return { buffer: out, length: at };
  } finally {
    out = NO_BUFFER;
  }
}

function room(bytes: number): void {
  if (at + bytes <= out.length) return;
  const larger = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(Math.max(out.length * 2, at + bytes, 64))));
  out.copy(larger, 0, 0, at);
  out = larger;
}

function writeByte(byte: number): void {
  room(1);
  out[at++] = byte;
}

/** Text known to be ASCII (numbers, true, false, null). */
function writeAscii(text: string): void {
  room(text.length);
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
}

function writeString(text: string): void {
  const n = text.length;
  // Six bytes a unit at most (\u001f); a surrogate pair is four bytes for two units.
  room(n * 6 + 2);
  const o = out;
  let p = at;
  o[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) {
        o[p++] = c;
        continue;
      }
      o[p++] = 92;
      if (c === 34 || c === 92) o[p++] = c;
      else if (SHORT_ESCAPE[c] !== undefined) o[p++] = SHORT_ESCAPE[c];
      else {
        o[p++] = 117;
        o[p++] = 48;
        o[p++] = 48;
        o[p++] = HEX[c >> 4] as number;
        o[p++] = HEX[c & 15] as number;
      }
    } else if (c < 0x800) {
      o[p++] = 0xc0 | (c >> 6);
      o[p++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      o[p++] = 0xe0 | (c >> 12);
      o[p++] = 0x80 | ((c >> 6) & 63);
      o[p++] = 0x80 | (c & 63);
    } else {
      const low = c <= 0xdbff && i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
        o[p++] = 0xf0 | (point >> 18);
        o[p++] = 0x80 | ((point >> 12) & 63);
        o[p++] = 0x80 | ((point >> 6) & 63);
        o[p++] = 0x80 | (point & 63);
      } else {
        // A lone surrogate: JSON.stringify escapes it (well-formed JSON.stringify).
        o[p++] = 92;
        o[p++] = 117;
        for (let shift = 12; shift >= 0; shift -= 4) o[p++] = HEX[(c >> shift) & 15] as number;
      }
    }
  }
  o[p++] = 34;
  at = p;
}

function writeKey(key: string, comma: boolean): void {
  let bytes = keyBytes.get(key);
  if (bytes === undefined) {
    bytes = Buffer.from(`${JSON.stringify(key)}:`, 'utf8');
    if (keyBytes.size < KEPT_KEYS) keyBytes.set(key, bytes);
  }
  room(bytes.length + 1);
  if (comma) out[at++] = 44;
  // A copy loop beats Buffer#copy's call for the short keys views use.
  for (let i = 0; i < bytes.length; i++) out[at++] = bytes[i] as number;
}

/** False when nothing was written: JSON leaves the value out (a member) or writes null (an element). */
function writeValue(raw: unknown, key: string, depth: number): boolean {
  let value = raw;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (key: string) => unknown).call(value, key);
  }
  switch (typeof value) {
    case 'string':
      writeString(value);
      return true;
    case 'number':
      writeAscii(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'boolean':
      writeAscii(value ? 'true' : 'false');
      return true;
    case 'object':
      if (value === null) writeAscii('null');
      else if (depth >= MAX_DEPTH || value instanceof Number || value instanceof String || value instanceof Boolean) writeText(JSON.stringify(value));
      else if (Array.isArray(value)) writeArray(value, depth + 1);
      else writeObject(value as Record<string, unknown>, depth + 1);
      return true;
    case 'bigint':
      // Throws JSON.stringify's own TypeError.
      return JSON.stringify(value) !== undefined;
    default:
      return false;
  }
}

/** Text JSON.stringify made, for what is not plain data (a boxed primitive, nesting too deep). */
function writeText(text: string): void {
  room(text.length * 3);
  at += out.write(text, at, 'utf8');
}

function writeArray(array: readonly unknown[], depth: number): void {
  writeByte(91);
  for (let i = 0; i < array.length; i++) {
    if (i > 0) writeByte(44);
    if (!writeValue(array[i], String(i), depth)) writeAscii('null');
  }
  writeByte(93);
}

function writeObject(record: Record<string, unknown>, depth: number): void {
  writeByte(123);
  let comma = false;
  const prototype = Object.getPrototypeOf(record) as unknown;
  // for…in walks a plain object's own keys without making an array of them; its inherited ones are Object.prototype's, none unless polluted.
  if (!ownKeysOnly && (prototype === Object.prototype || prototype === null)) {
    for (const key in record) comma = writeMember(record, key, comma, depth) || comma;
  } else {
    for (const key of Object.keys(record)) comma = writeMember(record, key, comma, depth) || comma;
  }
  writeByte(125);
}

function writeMember(record: Record<string, unknown>, key: string, comma: boolean, depth: number): boolean {
  const value = record[key];
  // Left out before its key is written; toJSON's answer is checked after (rare: a Date's, never undefined).
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return false;
  const mark = at;
  writeKey(key, comma);
  if (writeValue(value, key, depth)) return true;
  at = mark;
  return false;
}
