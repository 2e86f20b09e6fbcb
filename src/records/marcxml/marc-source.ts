/** A record's MARC kept as its MARCXML text and read again when asked for (../lazy-marc.ts). */
import type { MarcSource } from '../lazy-marc.ts';
import { readMarcXml } from './reader.ts';

/**
 * The `index`-th record of `xml`, kept as UTF-8 bytes: outside the collected heap, half the size
 * of a string of two-byte characters (one CJK character makes the whole string two-byte), and a
 * copy, so no view of the response it was cut from. The text came from a decoder, which never
 * yields a lone surrogate, so the bytes give back the same text.
 */
export function xmlMarcSource(xml: string, index: number): MarcSource {
  const utf8 = Buffer.from(xml, 'utf8');
  return { bytes: 64 + utf8.length, read: () => readMarcXml(utf8.toString('utf8'))[index] };
}
