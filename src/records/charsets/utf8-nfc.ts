/**
 * Valid UTF-8 bytes to NFC text in one pass. Node 20's own UTF-8 decoding (V8's) ran at about
 * twice the cost of this loop on CJK records, and the NFC pass after it is skipped when every
 * character is NFC-safe (nfc-safe.ts; CJK and Latin-1 text always is). The caller checks the
 * bytes are valid UTF-8 (isUtf8): this decoder does not look for invalid sequences.
 */
import { endianness } from 'node:os';
import { isNfcSafe } from './nfc-safe.ts';
import { decodeUtf8NfcWasm } from './utf8-wasm.ts';

/** Shorter input stays in the loop here: copying it in and out of WebAssembly costs more. */
const WASM_FROM = 64;

/** The UTF-16 units are handed to Buffer's 'ucs2' (little-endian) as they lie in memory. */
const LITTLE_ENDIAN = endianness() === 'LE';
let units = new Uint16Array(4096);
/** A Buffer over `units`, made once: a view per call cost more than its ASCII bytes. */
let unitBytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);

/** NFC text of bytes[start, end), which must be valid UTF-8. */
export function decodeUtf8Nfc(bytes: Uint8Array, start: number, end: number): string {
  if (end - start >= WASM_FROM) {
    const text = decodeUtf8NfcWasm(bytes, start, end);
    if (text !== undefined) return text;
  }
  return decodeUtf8NfcLoop(bytes, start, end);
}

/** decodeUtf8Nfc in JavaScript (short input, or no WebAssembly SIMD). */
export function decodeUtf8NfcLoop(bytes: Uint8Array, start: number, end: number): string {
  if (!LITTLE_ENDIAN) return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8').normalize('NFC');
  if (units.length < end - start) {
    units = new Uint16Array(Math.max(end - start, units.length * 2));
    unitBytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  }
  const u = units;
  let n = 0;
  let risky = false;
  let i = start;
  while (i < end) {
    let c = bytes[i] as number;
    // ASCII runs (markup, codes, Latin text) in a loop of their own: one test per byte.
    while (c < 0x80) {
      u[n++] = c;
      if (++i === end) break;
      c = bytes[i] as number;
    }
    if (i === end) break;
    if (c < 0xe0) {
      const cp = ((c & 0x1f) << 6) | ((bytes[i + 1] as number) & 0x3f);
      if (cp >= 0x300 && !risky && !isNfcSafe(cp)) risky = true;
      u[n++] = cp;
      i += 2;
    } else if (c < 0xf0) {
      const cp = ((c & 0x0f) << 12) | (((bytes[i + 1] as number) & 0x3f) << 6) | ((bytes[i + 2] as number) & 0x3f);
      if ((cp < 0x3400 || cp > 0x9fff) && !risky && !isNfcSafe(cp)) risky = true;
      u[n++] = cp;
      i += 3;
    } else {
      const cp = (((c & 0x07) << 18) | (((bytes[i + 1] as number) & 0x3f) << 12) | (((bytes[i + 2] as number) & 0x3f) << 6) | ((bytes[i + 3] as number) & 0x3f)) - 0x10000;
      if (!risky && !isNfcSafe(cp + 0x10000)) risky = true;
      u[n++] = 0xd800 | (cp >> 10);
      u[n++] = 0xdc00 | (cp & 0x3ff);
      i += 4;
    }
  }
  const text = unitBytes.toString('ucs2', 0, n * 2);
  return risky ? text.normalize('NFC') : text;
}
