/**
 * OtherInformation (Z39.50-2003 §3.2 "Global auxiliary definitions"):
 *   [201] IMPLICIT SEQUENCE OF SEQUENCE { category [1] IMPLICIT InfoCategory OPT,
 *     information CHOICE { characterInfo [2] IMPLICIT InternationalString, binaryInfo [3] IMPLICIT OCTET STRING,
 *                          externallyDefinedInfo [4] IMPLICIT EXTERNAL, oid [5] IMPLICIT OID } }
 * Charset negotiation rides in an Init's otherInfo; the gateway's per-library report in a
 * SearchResponse's additionalSearchInfo, which is the same type under [203] IMPLICIT.
 */
import { findContext, readOctets } from '../ber-reader.ts';
import type { BerElement } from '../ber-types.ts';
import { ctxPrim, sequence, tlv } from '../ber-writer.ts';
import { decodeExternal, encodeExternal, type External } from '../external.ts';

export type OtherInfoItem = { kind: 'text'; text: string } | { kind: 'external'; external: External };

/** The externally defined items of an OtherInformation element (others are skipped). */
export function externalsIn(el: BerElement | undefined): External[] {
  const out: External[] = [];
  for (const item of el?.children ?? []) {
    const ext = findContext(item, 4);
    if (ext) out.push(decodeExternal(ext));
  }
  return out;
}

/** characterInfo items, decoded as UTF-8 (tests and the project's client read the report with it). */
export function textsIn(el: BerElement | undefined): string[] {
  return (el?.children ?? []).flatMap((item) => {
    const text = findContext(item, 2);
    return text ? [readOctets(text).toString('utf8')] : [];
  });
}

export function encodeOtherInfo(items: readonly OtherInfoItem[], tag = 201, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): Buffer {
  return tlv(
    'context',
    true,
    tag,
    items.map((item) => sequence(item.kind === 'text' ? ctxPrim(2, encode(item.text)) : encodeExternal(item.external, { cls: 'context', tag: 4 }))),
  );
}
