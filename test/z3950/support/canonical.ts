/**
 * Re-encodes a decoded BER tree with definite lengths, optionally sorting AttributeLists
 * ([44]): lets tests compare our query encoding with yaz-client's, which uses indefinite
 * lengths for long PDUs and lists attributes in reverse PQF order (AttributeList is a
 * SEQUENCE OF whose order carries no meaning).
 */
import type { BerElement } from '../../../src/z3950/ber-types.ts';
import { tlv } from '../../../src/z3950/ber-writer.ts';

export function canonical(el: BerElement, sortAttributes = true): Buffer {
  if (!el.constructed) return tlv(el.cls, false, el.tag, el.content);
  let children = el.children.map((c) => canonical(c, sortAttributes));
  if (sortAttributes && el.cls === 'context' && el.tag === 44) children = [...children].sort(Buffer.compare);
  return tlv(el.cls, true, el.tag, children);
}
