/**
 * BER encoder (X.690 §8). We always write definite lengths (§8.1.3.2 allows the
 * sender to choose); `indefinite()` exists for tests that must feed the decoder
 * the form yaz-ztest uses in Search/Present responses.
 */
import { CLASS_BITS, UNIVERSAL, type BerInteger, type TagClass } from './ber-types.ts';

export function encodeIdentifier(cls: TagClass, constructed: boolean, tag: number): Buffer {
  if (!Number.isInteger(tag) || tag < 0) throw new RangeError(`bad tag number ${tag}`);
  const lead = CLASS_BITS[cls] | (constructed ? 0x20 : 0);
  if (tag < 31) return Buffer.from([lead | tag]);
  // High tag number form (§8.1.2.4): 11111 then base-128, continuation bit on all but the last.
  const groups: number[] = [];
  let t = tag;
  do {
    groups.unshift(t & 0x7f);
    t = Math.floor(t / 128);
  } while (t > 0);
  return Buffer.from([lead | 0x1f, ...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g))]);
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let n = length;
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

type Content = Buffer | readonly Buffer[];

function join(content: Content): Buffer {
  return Buffer.isBuffer(content) ? content : Buffer.concat(content as Buffer[]);
}

/** Octets of the identifier (low tag numbers are one octet, §8.1.2.2). */
function identifierLength(tag: number): number {
  if (tag < 31) return 1;
  let n = 2;
  for (let t = Math.floor(tag / 128); t > 0; t = Math.floor(t / 128)) n++;
  return n;
}

function lengthLength(length: number): number {
  if (length < 0x80) return 1;
  let n = 1;
  for (let v = length; v > 0; v = Math.floor(v / 256)) n++;
  return n;
}

/** Octets of a definite-length TLV with `contentLength` octets of content (without writing it). */
export function tlvLength(tag: number, contentLength: number): number {
  return identifierLength(tag) + lengthLength(contentLength) + contentLength;
}

/** Content of a TLV being written: finished octets, or TLVs not written yet. */
type Part = Buffer | TlvNode;

/**
 * A definite-length TLV not written yet: its parts are copied once, into the buffer of the
 * outermost tlv() around it. Responses nest each record six levels deep (PDU, Records,
 * NamePlusRecord, record, retrievalRecord, EXTERNAL, octet string); written level by level, each
 * record was allocated and copied that many times.
 */
export class TlvNode {
  /** Octets of the whole TLV. */
  readonly length: number;
  private readonly bodyLength: number;

  constructor(
    private readonly cls: TagClass,
    private readonly constructed: boolean,
    private readonly tag: number,
    private readonly parts: readonly Part[],
  ) {
    if (!Number.isInteger(tag) || tag < 0) throw new RangeError(`bad tag number ${tag}`);
    let bodyLength = 0;
    for (const part of parts) bodyLength += part.length;
    this.bodyLength = bodyLength;
    this.length = identifierLength(tag) + lengthLength(bodyLength) + bodyLength;
  }

  /** Writes the TLV at `offset`; returns the offset after it. */
  writeTo(out: Buffer, offset: number): number {
    const { tag, bodyLength } = this;
    const idLength = identifierLength(tag);
    const lenLength = lengthLength(bodyLength);
    const lead = CLASS_BITS[this.cls] | (this.constructed ? 0x20 : 0);
    if (tag < 31) {
      out[offset] = lead | tag;
    } else {
      out[offset] = lead | 0x1f;
      let t = tag;
      for (let i = idLength - 1; i >= 1; i--) {
        out[offset + i] = (t & 0x7f) | (i < idLength - 1 ? 0x80 : 0);
        t = Math.floor(t / 128);
      }
    }
    const at = offset + idLength;
    if (lenLength === 1) {
      out[at] = bodyLength;
    } else {
      out[at] = 0x80 | (lenLength - 1);
      let n = bodyLength;
      for (let i = at + lenLength - 1; i > at; i--) {
        out[i] = n & 0xff;
        n = Math.floor(n / 256);
      }
    }
    let pos = at + lenLength;
    for (const part of this.parts) {
      if (Buffer.isBuffer(part)) {
        part.copy(out, pos);
        pos += part.length;
      } else {
        pos = part.writeTo(out, pos);
      }
    }
    return pos;
  }
}

/** A TLV to be written inside another (see TlvNode). */
export function tlvNode(cls: TagClass, constructed: boolean, tag: number, content: Buffer | readonly Part[]): TlvNode {
  return new TlvNode(cls, constructed, tag, Buffer.isBuffer(content) ? [content] : content);
}

/** A full TLV with definite length, written into one allocation (header, then each part, nested TlvNodes included, copied once). */
export function tlv(cls: TagClass, constructed: boolean, tag: number, content: Buffer | readonly Part[]): Buffer {
  const node = tlvNode(cls, constructed, tag, content);
  const out = Buffer.allocUnsafe(node.length);
  node.writeTo(out, 0);
  return out;
}

/** Same, in the indefinite-length form (constructed only): 0x80 … 00 00. */
export function indefinite(cls: TagClass, tag: number, content: Content): Buffer {
  return Buffer.concat([encodeIdentifier(cls, true, tag), Buffer.from([0x80]), join(content), Buffer.from([0, 0])]);
}

/** `[n] IMPLICIT <primitive>`. */
export function ctxPrim(tag: number, content: Buffer): Buffer {
  return tlv('context', false, tag, content);
}

/** `[n] IMPLICIT SEQUENCE …` or an EXPLICIT `[n]` wrapper around complete TLVs. */
export function ctxCons(tag: number, ...children: Buffer[]): Buffer {
  return tlv('context', true, tag, children);
}

export function sequence(...children: Buffer[]): Buffer {
  return tlv('universal', true, UNIVERSAL.SEQUENCE, children);
}

/** Two's complement, minimal octets (§8.3.2). */
export function integerContent(value: BerInteger): Buffer {
  // Counts, attribute types and values are small: no BigInt for them (a Search request writes a dozen).
  if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) return smallIntegerContent(value);
  let v = BigInt(value);
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n; // arithmetic shift keeps the sign
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}

/** integerContent for a 32-bit signed value: the same octets, in plain number arithmetic. */
function smallIntegerContent(value: number): Buffer {
  let octets = 1;
  while (octets < 4 && (value < -(2 ** (8 * octets - 1)) || value >= 2 ** (8 * octets - 1))) octets++;
  const out = Buffer.allocUnsafe(octets);
  out.writeIntBE(value, 0, octets);
  return out;
}

export function booleanContent(value: boolean): Buffer {
  // §11.1 (DER) and YAZ both use 0xFF/0x01 for TRUE; YAZ sends 0x01, which we copy for byte-equal traces.
  return Buffer.from([value ? 1 : 0]);
}

/** Contents octets per OID: a session writes the same few OIDs (record syntaxes, Bib-1) in every PDU. */
const oidCache = new Map<string, Buffer>();
const OID_CACHE_MAX = 256;

/**
 * Dotted OID → contents octets (§8.19). Arcs may exceed 2^32, so bigint arithmetic. The buffer
 * may be shared between calls: callers copy it into a TLV and never write to it.
 */
export function oidContent(oid: string): Buffer {
  let content = oidCache.get(oid);
  if (!content) {
    content = computeOidContent(oid);
    if (oidCache.size < OID_CACHE_MAX) oidCache.set(oid, content);
  }
  return content;
}

function computeOidContent(oid: string): Buffer {
  if (!/^\d+(\.\d+)+$/.test(oid)) throw new RangeError(`bad OBJECT IDENTIFIER "${oid}"`);
  const arcs = oid.split('.').map((a) => BigInt(a));
  const a0 = arcs[0]!;
  const a1 = arcs[1]!;
  if (a0 > 2n || (a0 < 2n && a1 > 39n)) throw new RangeError(`bad OBJECT IDENTIFIER "${oid}"`);
  const out: number[] = [];
  for (const arc of [a0 * 40n + a1, ...arcs.slice(2)]) {
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    groups.forEach((g, i) => out.push(i < groups.length - 1 ? g | 0x80 : g));
  }
  return Buffer.from(out);
}

/** Named-bit BIT STRING with `length` bits (YAZ sends trailing zero bits and unused=0, trace §11.1). */
export function bitStringContent(setBits: Iterable<number>, length: number): Buffer {
  const octets = Math.ceil(length / 8);
  const out = Buffer.alloc(1 + octets);
  out[0] = octets * 8 - length;
  for (const bit of setBits) {
    if (bit >= length) throw new RangeError(`bit ${bit} beyond BIT STRING length ${length}`);
    out[1 + (bit >> 3)]! |= 0x80 >> (bit & 7);
  }
  return out;
}

export function universalInteger(value: BerInteger): Buffer {
  return tlv('universal', false, UNIVERSAL.INTEGER, integerContent(value));
}

export function universalBoolean(value: boolean): Buffer {
  return tlv('universal', false, UNIVERSAL.BOOLEAN, booleanContent(value));
}

export function universalOid(oid: string): Buffer {
  return tlv('universal', false, UNIVERSAL.OBJECT_IDENTIFIER, oidContent(oid));
}

export function visibleString(text: string): Buffer {
  return tlv('universal', false, UNIVERSAL.VISIBLE_STRING, Buffer.from(text, 'latin1'));
}

/** InternationalString = GeneralString (Z39.50-2003 §3.2.1.1.1); bytes already in the session charset. */
export function generalString(bytes: Buffer): Buffer {
  return tlv('universal', false, UNIVERSAL.GENERAL_STRING, bytes);
}
