/** Records' MARC kept as their MARCXML text and read again when asked for (../lazy-marc.ts). */
import type { MarcSource } from '../lazy-marc.ts';
import { readMarcXml } from './reader.ts';

/**
 * The `count` records of `xml`, kept as one copy of its UTF-8 bytes that their sources share: outside
 * the collected heap, half the size of a string of two-byte characters (one CJK character makes the
 * whole string two-byte), and a copy, so no view of the response it was cut from. The text came
 * from a decoder, which never yields a lone surrogate, so the bytes give back the same text.
 */
export function xmlMarcSources(xml: string, count: number): MarcSource[] {
  const utf8 = Buffer.from(xml, 'utf8');
  // The bytes are counted once over the sources that share them.
  const bytes = 64 + Math.ceil(utf8.length / Math.max(1, count));
  return Array.from({ length: count }, (_, index) => ({ bytes, read: () => readMarcXml(utf8.toString('utf8'))[index] }));
}
