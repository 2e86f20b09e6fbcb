/** A record's MARC kept as its MARCXML text and read again when asked for (../lazy-marc.ts). */
import type { MarcSource } from '../lazy-marc.ts';
import { readMarcXml } from './reader.ts';

/** The `index`-th record of `xml`, which must be a string of its own (own-copy.ts): a view would keep the whole response. */
export function xmlMarcSource(xml: string, index: number): MarcSource {
  return { bytes: 64 + 2 * xml.length, read: () => readMarcXml(xml)[index] };
}
