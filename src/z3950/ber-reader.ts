/**
 * BER decoder (X.690 §8): identifier octets incl. high tag numbers, definite and
 * indefinite lengths, constructed nesting, and the primitive value readers Z39.50 needs.
 * Every malformation throws a BerError; nothing loops or recurses without bound.
 */
import { BerError, CLASS_OF_BITS, tagName, type BerElement, type BerInteger, type TagClass } from './ber-types.ts';

export interface BerHeader {
  cls: TagClass;
  constructed: boolean;
  tag: number;
  /** Contents length, or null for the indefinite form (X.690 §8.1.3.6). */
  length: number | null;
  /** Identifier + length octets. */
  headerLength: number;
}

/** Largest tag number / definite length we accept: beyond this no real APDU goes, and numbers stay exact. */
const MAX_TAG = 0x0fffffff;
const MAX_LENGTH_OCTETS = 6;
const MAX_DEPTH = 64;

/** The last header scanHeader read (module state: the decoder reads one header at a time, and an object per header was a tenth of decoding a PDU). */
let headerCls: TagClass = 'universal';
let headerConstructed = false;
let headerTag = 0;
let headerLength: number | null = 0;
let headerOctets = 0;

/**
 * Reads identifier and length octets at `offset` into the header variables above; false when
 * the buffer ends inside the header. Throws BerError on a malformed header.
 */
function scanHeader(buf: Buffer, offset: number, end: number): boolean {
  let pos = offset;
  if (pos >= end) return false;
  const first = buf[pos++]!;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    // X.690 §8.1.2.4: base-128 big-endian, bit 8 set on all but the last octet.
    tag = 0;
    let octets = 0;
    for (;;) {
      if (pos >= end) return false;
      const b = buf[pos++]!;
      if (octets === 0 && b === 0x80) throw new BerError('tag number with a leading zero octet', offset);
      tag = tag * 128 + (b & 0x7f);
      octets += 1;
      if (tag > MAX_TAG) throw new BerError('tag number too large', offset);
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= end) return false;
  const lb = buf[pos++]!;
  let length: number | null;
  if (lb < 0x80) {
    length = lb;
  } else if (lb === 0x80) {
    // §8.1.3.2 b: the indefinite form is for constructed encodings only.
    if (!constructed) throw new BerError(`indefinite length on primitive ${tagName({ cls: CLASS_OF_BITS[first >> 6]!, tag })}`, offset);
    length = null;
  } else if (lb === 0xff) {
    throw new BerError('reserved length octet 0xFF', offset);
  } else {
    const n = lb & 0x7f;
    if (n > MAX_LENGTH_OCTETS) throw new BerError(`length of ${n} octets is too large`, offset);
    if (pos + n > end) return false;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
  }
  headerCls = CLASS_OF_BITS[first >> 6]!;
  headerConstructed = constructed;
  headerTag = tag;
  headerLength = length;
  headerOctets = pos - offset;
  return true;
}

/**
 * Reads identifier and length octets at `offset`. Returns 'incomplete' when the
 * buffer ends inside the header (the framer then waits for more bytes).
 */
export function readHeader(buf: Buffer, offset: number, end = buf.length): BerHeader | 'incomplete' {
  if (!scanHeader(buf, offset, end)) return 'incomplete';
  return { cls: headerCls, constructed: headerConstructed, tag: headerTag, length: headerLength, headerLength: headerOctets };
}

const NO_CHILDREN: readonly BerElement[] = Object.freeze([]);

/**
 * A decoded TLV. `raw` is cut from the PDU when asked for: nearly nothing reads it (re-encoding
 * an OPAC record or a fragment does), and a view per element was a fifth of decoding a PDU.
 */
class DecodedElement implements BerElement {
  readonly #pdu: Buffer;
  readonly #start: number;
  readonly #end: number;

  constructor(
    readonly cls: TagClass,
    readonly constructed: boolean,
    readonly tag: number,
    readonly content: Buffer,
    readonly children: readonly BerElement[],
    readonly indefinite: boolean,
    pdu: Buffer,
    start: number,
    end: number,
  ) {
    this.#pdu = pdu;
    this.#start = start;
    this.#end = end;
  }

  get raw(): Buffer {
    return this.#pdu.subarray(this.#start, this.#end);
  }
}

/** Decodes exactly one element filling `buf` (a whole PDU); trailing bytes are an error. */
export function decodeBer(buf: Buffer): BerElement {
  try {
    const element = decodeAt(buf, 0, buf.length, 0);
    if (decodedEnd !== buf.length) throw new BerError(`${buf.length - decodedEnd} trailing bytes after the element`, decodedEnd);
    return element;
  } finally {
    // A PDU that failed part-way left its decoded elements here, and each holds the whole PDU.
    siblings.length = 0;
  }
}

/** Where the element decodeAt returned last ends (module state, like the header: no result object per element). */
let decodedEnd = 0;
/**
 * The children of the elements being decoded, innermost last: each element's are copied out at
 * their exact length once complete (an array grown by push holds 17 slots for one child, and
 * most constructed elements of a PDU have one or two).
 */
const siblings: BerElement[] = [];

/** Decodes one element at `offset`, not reading past `limit`; sets decodedEnd. */
function decodeAt(buf: Buffer, offset: number, limit: number, depth: number): BerElement {
  if (depth > MAX_DEPTH) throw new BerError('elements nested too deeply', offset);
  if (!scanHeader(buf, offset, limit)) throw new BerError('truncated header', offset);
  const cls = headerCls;
  const constructed = headerConstructed;
  const tag = headerTag;
  const length = headerLength;
  const start = offset + headerOctets;
  if (length === null) {
    // Indefinite: children until the end-of-contents octets 00 00 (§8.1.5).
    const first = siblings.length;
    let pos = start;
    for (;;) {
      if (pos + 2 > limit) throw new BerError('missing end-of-contents', pos);
      if (buf[pos] === 0 && buf[pos + 1] === 0) break;
      siblings.push(decodeAt(buf, pos, limit, depth + 1));
      pos = decodedEnd;
    }
    const children = siblings.slice(first);
    siblings.length = first;
    decodedEnd = pos + 2;
    return new DecodedElement(cls, true, tag, buf.subarray(start, pos), children, true, buf, offset, pos + 2);
  }
  const end = start + length;
  if (end > limit) throw new BerError(`length ${length} runs past the enclosing data`, offset);
  let children = NO_CHILDREN;
  if (constructed && end > start) {
    const first = siblings.length;
    let pos = start;
    while (pos < end) {
      siblings.push(decodeAt(buf, pos, end, depth + 1));
      pos = decodedEnd;
    }
    children = siblings.slice(first);
    siblings.length = first;
  }
  decodedEnd = end;
  return new DecodedElement(cls, constructed, tag, buf.subarray(start, end), children, false, buf, offset, end);
}

function primitive(el: BerElement, what: string): Buffer {
  if (el.constructed) throw new BerError(`${what} ${tagName(el)} must be primitive`, 0);
  return el.content;
}

/** INTEGER (§8.3): two's complement, big-endian. A number when safe, else a bigint. */
export function readInteger(el: BerElement): BerInteger {
  const c = primitive(el, 'INTEGER');
  if (c.length === 0) throw new BerError(`empty INTEGER ${tagName(el)}`, 0);
  if (c.length <= 6) return c.readIntBE(0, c.length);
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  if (c[0]! & 0x80) v -= 1n << BigInt(c.length * 8);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** For fields that are small by nature (counts of records, statuses): refuse a bigint. */
export function readSmallInteger(el: BerElement): number {
  const v = readInteger(el);
  if (typeof v === 'bigint') throw new BerError(`INTEGER ${tagName(el)} out of range`, 0);
  return v;
}

/** BOOLEAN (§8.2.2): FALSE is 0, any non-zero octet is TRUE. */
export function readBoolean(el: BerElement): boolean {
  const c = primitive(el, 'BOOLEAN');
  if (c.length !== 1) throw new BerError(`BOOLEAN ${tagName(el)} must have one content octet`, 0);
  return c[0] !== 0;
}

/** OBJECT IDENTIFIER (§8.19) as dotted text. Arcs are base-128; the first octet group packs arc1*40+arc2. */
export function readOid(el: BerElement): string {
  return decodeOidContent(primitive(el, 'OBJECT IDENTIFIER'));
}

export function decodeOidContent(c: Buffer): string {
  if (c.length === 0) throw new BerError('empty OBJECT IDENTIFIER', 0);
  return decodeSmallOid(c) ?? decodeOidBig(c);
}

/** Largest arc value that can take 7 more bits and stay an exact number. */
const SAFE_ARC = 2 ** 45;

/**
 * Every OID a session meets (record syntaxes, Bib-1) has small arcs: decoded in number
 * arithmetic, the text decodeOidBig gives. Undefined (let the BigInt path decide, errors
 * included) when an arc grows large or the content is malformed.
 */
function decodeSmallOid(c: Buffer): string | undefined {
  let out = '';
  let v = 0;
  let inArc = false;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if ((!inArc && b === 0x80) || v >= SAFE_ARC) return undefined;
    v = v * 128 + (b & 0x7f);
    inArc = (b & 0x80) !== 0;
    if (!inArc) {
      out += out === '' ? (v < 40 ? `0.${v}` : v < 80 ? `1.${v - 40}` : `2.${v - 80}`) : `.${v}`;
      v = 0;
    }
  }
  return inArc ? undefined : out;
}

function decodeOidBig(c: Buffer): string {
  const arcs: bigint[] = [];
  let v = 0n;
  let inArc = false;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (!inArc && b === 0x80) throw new BerError('OBJECT IDENTIFIER arc with a leading 0x80', i);
    v = (v << 7n) | BigInt(b & 0x7f);
    inArc = (b & 0x80) !== 0;
    if (!inArc) {
      arcs.push(v);
      v = 0n;
    }
  }
  if (inArc) throw new BerError('OBJECT IDENTIFIER ends inside an arc', c.length);
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join('.');
}

/** OCTET STRING, primitive or (rarely) constructed of primitive segments (§8.7.3). */
export function readOctets(el: BerElement): Buffer {
  if (!el.constructed) return el.content;
  return Buffer.concat(el.children.map((c) => readOctets(c)));
}

/** VisibleString / GeneralString / InternationalString contents decoded with a text decoder. */
export function readString(el: BerElement, decode: (bytes: Buffer) => string = latin1): string {
  return decode(readOctets(el));
}

function latin1(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** BIT STRING (§8.6): first octet counts unused trailing bits. Returns the set bit numbers (bit 0 = MSB). */
export function readBitString(el: BerElement): { bits: Set<number>; length: number } {
  const c = primitive(el, 'BIT STRING');
  if (c.length === 0) throw new BerError('empty BIT STRING', 0);
  const unused = c[0]!;
  if (unused > 7 || (c.length === 1 && unused !== 0)) throw new BerError('bad unused-bits count in BIT STRING', 0);
  const bits = new Set<number>();
  const length = (c.length - 1) * 8 - unused;
  for (let i = 0; i < length; i++) if (c[1 + (i >> 3)]! & (0x80 >> (i & 7))) bits.add(i);
  return { bits, length };
}

/** Universal-class check helper. */
export function isUniversal(el: BerElement, tag: number): boolean {
  return el.cls === 'universal' && el.tag === tag;
}

/** First child with a context tag, for SEQUENCEs whose members are all distinctly tagged. */
export function findContext(el: BerElement, tag: number): BerElement | undefined {
  return el.children.find((c) => c.cls === 'context' && c.tag === tag);
}

export function requireContext(el: BerElement, tag: number, what: string): BerElement {
  const found = findContext(el, tag);
  if (!found) throw new BerError(`${what} [${tag}] missing in ${tagName(el)}`, 0);
  return found;
}

/** The single child of an EXPLICIT tag wrapper (X.690 §8.14.3). */
export function explicitInner(el: BerElement): BerElement {
  if (!el.constructed || el.children.length !== 1) throw new BerError(`explicit tag ${tagName(el)} must wrap exactly one element`, 0);
  return el.children[0]!;
}

