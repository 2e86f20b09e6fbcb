/**
 * EXTERNAL (X.690 §8.18, 1994 form as used by Z39.50):
 *   [UNIVERSAL 8] IMPLICIT SEQUENCE { direct-reference OID OPT, indirect-reference INTEGER OPT,
 *     data-value-descriptor ObjectDescriptor OPT,
 *     encoding CHOICE { single-ASN1-type [0] ANY, octet-aligned [1] IMPLICIT OCTET STRING,
 *                       arbitrary [2] IMPLICIT BIT STRING } }
 * Z39.50 over TCP always identifies the content by direct-reference (RFC 1729).
 * When a field says `[n] IMPLICIT EXTERNAL` the 0x28 identifier is replaced by [n].
 */
import { decodeOidContent, explicitInner, readInteger, readOctets } from './ber-reader.ts';
import { BerError, UNIVERSAL, tagName, type BerElement, type BerInteger, type TagClass } from './ber-types.ts';
import { ctxPrim, oidContent, tlv, tlvLength, tlvNode, universalInteger, universalOid, type TlvNode } from './ber-writer.ts';

type ExternalEncoding =
  /** ASN.1-defined content (OPAC, GRS-1, charset negotiation): the inner element. */
  | { kind: 'single-ASN1-type'; element: BerElement }
  /** Octet-aligned content (ISO 2709, XML): the bytes. */
  | { kind: 'octet-aligned'; bytes: Buffer }
  | { kind: 'arbitrary'; bits: Buffer; unusedBits: number };

export interface External {
  directReference?: string;
  indirectReference?: BerInteger;
  dataValueDescriptor?: string;
  encoding: ExternalEncoding;
}

/** Decodes an EXTERNAL whatever its outer tag (universal 8 or an IMPLICIT context tag). */
export function decodeExternal(el: BerElement): External {
  if (!el.constructed) throw new BerError(`EXTERNAL ${tagName(el)} must be constructed`, 0);
  const ext: Partial<External> = {};
  for (const child of el.children) {
    if (child.cls === 'universal' && child.tag === UNIVERSAL.OBJECT_IDENTIFIER) {
      ext.directReference = decodeOidContent(child.content);
    } else if (child.cls === 'universal' && child.tag === UNIVERSAL.INTEGER) {
      ext.indirectReference = readInteger(child);
    } else if (child.cls === 'universal' && child.tag === UNIVERSAL.OBJECT_DESCRIPTOR) {
      ext.dataValueDescriptor = readOctets(child).toString('latin1');
    } else if (child.cls === 'context' && child.tag === 0) {
      ext.encoding = { kind: 'single-ASN1-type', element: explicitInner(child) };
    } else if (child.cls === 'context' && child.tag === 1) {
      ext.encoding = { kind: 'octet-aligned', bytes: readOctets(child) };
    } else if (child.cls === 'context' && child.tag === 2) {
      if (child.constructed || child.content.length === 0) throw new BerError('bad arbitrary encoding in EXTERNAL', 0);
      ext.encoding = { kind: 'arbitrary', unusedBits: child.content[0]!, bits: child.content.subarray(1) };
    } else {
      throw new BerError(`unexpected ${tagName(child)} in EXTERNAL`, 0);
    }
  }
  if (!ext.encoding) throw new BerError('EXTERNAL without encoding', 0);
  return ext as External;
}

/** An EXTERNAL to be written inside another TLV (its content copied once, see TlvNode); `implicitTag` replaces the universal 8 identifier. */
export function externalNode(ext: External, implicitTag?: { cls: TagClass; tag: number }): TlvNode {
  const parts: (Buffer | TlvNode)[] = [];
  if (ext.directReference !== undefined) parts.push(universalOid(ext.directReference));
  if (ext.indirectReference !== undefined) parts.push(universalInteger(ext.indirectReference));
  if (ext.dataValueDescriptor !== undefined) {
    parts.push(tlv('universal', false, UNIVERSAL.OBJECT_DESCRIPTOR, Buffer.from(ext.dataValueDescriptor, 'latin1')));
  }
  const enc = ext.encoding;
  if (enc.kind === 'single-ASN1-type') parts.push(tlvNode('context', true, 0, enc.element.raw));
  else if (enc.kind === 'octet-aligned') parts.push(tlvNode('context', false, 1, enc.bytes));
  else parts.push(ctxPrim(2, Buffer.concat([Buffer.from([enc.unusedBits]), enc.bits])));
  const tag = implicitTag ?? { cls: 'universal' as const, tag: UNIVERSAL.EXTERNAL };
  return tlvNode(tag.cls, true, tag.tag, parts);
}

/** Encodes an EXTERNAL; `implicitTag` replaces the universal 8 identifier. */
export function encodeExternal(ext: External, implicitTag?: { cls: TagClass; tag: number }): Buffer {
  const node = externalNode(ext, implicitTag);
  const out = Buffer.allocUnsafe(node.length);
  node.writeTo(out, 0);
  return out;
}

/** encodeExternal(ext, implicitTag).length, computed without encoding (a Present sizes every record first). */
export function externalLength(ext: External, implicitTag?: { cls: TagClass; tag: number }): number {
  let content = 0;
  if (ext.directReference !== undefined) content += tlvLength(UNIVERSAL.OBJECT_IDENTIFIER, oidContent(ext.directReference).length);
  if (ext.indirectReference !== undefined) content += universalInteger(ext.indirectReference).length;
  if (ext.dataValueDescriptor !== undefined) content += tlvLength(UNIVERSAL.OBJECT_DESCRIPTOR, Buffer.byteLength(ext.dataValueDescriptor, 'latin1'));
  const enc = ext.encoding;
  if (enc.kind === 'single-ASN1-type') content += tlvLength(0, enc.element.raw.length);
  else if (enc.kind === 'octet-aligned') content += tlvLength(1, enc.bytes.length);
  else content += tlvLength(2, 1 + enc.bits.length);
  return tlvLength(implicitTag?.tag ?? UNIVERSAL.EXTERNAL, content);
}
