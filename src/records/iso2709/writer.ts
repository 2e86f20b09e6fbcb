/**
 * MarcRecord → ISO 2709 bytes, with lengths counted in bytes of the chosen encoding
 * (MARC 21 "Record structure": lengths are octet counts). Used for fixtures, the benchmark
 * and re-serialisation; the encoder is a parameter so GBK/Shift_JIS records get
 * byte-correct directories.
 */
import { isControlField, type MarcField, type MarcRecord } from '../marc.ts';

export type Encoder = (text: string) => Uint8Array;

const FIELD_MAX = 9999;
const RECORD_MAX = 99_999;

/**
 * `encode` absent: UTF-8, written piece by piece (indicators, delimiters, codes, values) into one
 * scratch buffer, the directory's digits written as bytes, then copied once into the record's own
 * buffer. The Z39.50 front end writes every record it serves: building each field's text, measuring
 * it and writing it again made strings a record's size two or three times over (a tenth of what a
 * front-end search allocated). The bytes are the UTF-8 of the same field texts, piece by piece:
 * a piece's UTF-8 is its part of the whole text's, except a surrogate pair split across two pieces,
 * which (with a leader or tag not 24 and 3 characters) goes through the text as before.
 */
export function writeIso2709(record: MarcRecord, encode?: Encoder): Buffer {
  if (encode === undefined && record.leader.length === 24) {
    const out = writeUtf8(record);
    if (out !== undefined) return out;
  }
  return writeText(record, encode);
}

/** Grown as records need (at most a record's 99,999 bytes plus one field's UTF-8 past that). */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
/** Each field's length in bytes, by field index. */
let lengths = new Int32Array(256);

function room(at: number, more: number): void {
  if (at + more <= scratch.length) return;
  const grown = Buffer.allocUnsafeSlow(Math.max(scratch.length * 2, at + more));
  scratch.copy(grown, 0, 0, at);
  scratch = grown;
}

/** Writes `text` as UTF-8 at `at`; returns the end. 7-bit text is copied char by char (no call into C++ for a subfield code or a short value). */
function put(text: string, at: number): number {
  const n = text.length;
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a pair, two units, is 4).
  room(at, 3 * n);
  if (n <= 32) {
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      scratch[at + i] = c;
    }
    if (i === n) return at + n;
  }
  return at + scratch.write(text, at, 'utf8');
}

const isHighSurrogate = (text: string): boolean => {
  const c = text.charCodeAt(text.length - 1);
  return c >= 0xd800 && c <= 0xdbff;
};

/** The UTF-8 record, or undefined when a tag is not 3 characters or a piece ends in a high surrogate (writeText's case). */
function writeUtf8(record: MarcRecord): Buffer | undefined {
  const { fields } = record;
  if (lengths.length < fields.length) lengths = new Int32Array(fields.length * 2);
  let at = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as MarcField;
    if (field.tag.length !== 3) return undefined;
    const start = at;
    if (isControlField(field)) {
      if (field.value.length >= FIELD_MAX) throw new RangeError(`field ${field.tag} does not fit an ISO 2709 directory entry`);
      at = put(field.value, at);
    } else {
      if (isHighSurrogate(field.ind1)) return undefined;
      at = put(field.ind1, at);
      at = put(field.ind2, at);
      for (const s of field.subfields) {
        if (isHighSurrogate(s.code)) return undefined;
        room(at, 1);
        scratch[at++] = 0x1f;
        at = put(s.code, at);
        // A UTF-16 unit is at least a byte: a value this long cannot fit, whatever it holds (and is not written).
        if (at - start + s.value.length >= FIELD_MAX) throw new RangeError(`field ${field.tag} does not fit an ISO 2709 directory entry`);
        at = put(s.value, at);
      }
    }
    room(at, 1);
    scratch[at++] = 0x1e;
    const length = at - start;
    if (length > FIELD_MAX || start > RECORD_MAX) throw new RangeError(`field ${field.tag} does not fit an ISO 2709 directory entry`);
    lengths[i] = length;
  }
  const base = 24 + fields.length * 12 + 1;
  const length = base + at + 1;
  if (length > RECORD_MAX) throw new RangeError(`record of ${length} bytes exceeds the ISO 2709 maximum`);
  const out = Buffer.allocUnsafe(length);
  const { leader } = record;
  digits(out, 0, length, 5);
  out.write(leader.slice(5, 12), 5, 'latin1');
  digits(out, 12, base, 5);
  out.write(leader.slice(17, 24), 17, 'latin1');
  let entry = 24;
  let position = 0;
  for (let i = 0; i < fields.length; i++) {
    out.write((fields[i] as MarcField).tag, entry, 'latin1');
    const size = lengths[i] as number;
    digits(out, entry + 3, size, 4);
    digits(out, entry + 7, position, 5);
    position += size;
    entry += 12;
  }
  out[entry] = 0x1e;
  scratch.copy(out, base, 0, at);
  out[length - 1] = 0x1d;
  return out;
}

/** `n` as `width` decimal digits, zero-padded (n < 10^width: the callers checked). */
function digits(out: Buffer, at: number, n: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    out[i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
}

/** Each field's text through `encode` (or UTF-8), its bytes kept per field and copied in. */
function writeText(record: MarcRecord, encode?: Encoder): Buffer {
  const bodies: (string | Uint8Array)[] = [];
  let directory = '';
  let position = 0;
  for (const field of record.fields) {
    const text = isControlField(field) ? `${field.value}\x1e` : `${field.ind1}${field.ind2}${subfieldText(field.subfields)}\x1e`;
    const body = encode ? encode(text) : text;
    const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    if (length > FIELD_MAX || position > RECORD_MAX) throw new RangeError(`field ${field.tag} does not fit an ISO 2709 directory entry`);
    directory += `${field.tag}${pad(length, 4)}${pad(position, 5)}`;
    bodies.push(body);
    position += length;
  }
  const base = 24 + record.fields.length * 12 + 1;
  const length = base + position + 1;
  if (length > RECORD_MAX) throw new RangeError(`record of ${length} bytes exceeds the ISO 2709 maximum`);
  const leader = `${pad(length, 5)}${record.leader.slice(5, 12)}${pad(base, 5)}${record.leader.slice(17, 24)}`;
  // Zero-filled: a leader shorter than 24 characters leaves bytes unwritten, which must not be old memory.
  const out = Buffer.alloc(length);
  let at = out.write(`${leader}${directory}\x1e`, 0, 'latin1');
  for (const body of bodies) {
    if (typeof body === 'string') at += out.write(body, at, 'utf8');
    else {
      out.set(body, at);
      at += body.length;
    }
  }
  out[at] = 0x1d;
  return out;
}

function subfieldText(subfields: readonly { code: string; value: string }[]): string {
  let text = '';
  for (const s of subfields) text += `\x1f${s.code}${s.value}`;
  return text;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
