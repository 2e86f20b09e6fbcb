/** A record's MARC kept as its ISO 2709 bytes and read again when asked for (../lazy-marc.ts). */
import type { MarcSource } from '../lazy-marc.ts';
import { readIso2709, type Iso2709ReaderOptions } from './reader.ts';

/**
 * The `index`-th record `bytes` hold, read with the same options as the first time (so the same
 * charset decision). `bytes` must be the caller's own copy: a view would keep the whole answer.
 */
export function isoMarcSource(bytes: Buffer, options: Iso2709ReaderOptions, index: number): MarcSource {
  return {
    bytes: 64 + bytes.length,
    read() {
      let k = 0;
      for (const item of readIso2709(bytes, options)) if (item.type === 'record' && k++ === index) return item.record.toMarcRecord();
      return undefined;
    },
  };
}
