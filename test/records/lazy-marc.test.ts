/** src/records/lazy-marc.ts and the two sources (iso2709/marc-source.ts, marcxml/marc-source.ts): a record's MARC read when asked for is the MARC read at once. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownStrings } from '../../src/interceptors/own-strings.ts';
import { isoMarcSource } from '../../src/records/iso2709/marc-source.ts';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { copyRecord, pendingMarcBytes } from '../../src/records/lazy-marc.ts';
import { xmlMarcSources } from '../../src/records/marcxml/marc-source.ts';
import { readMarcXml } from '../../src/records/marcxml/reader.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import { estimateBytes } from '../../src/resultsets/estimate-size.ts';
import { testLibrary } from '../helpers/libraries.ts';

const library = testLibrary('fx');
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url);

/** Every record of a file read twice: MARC kept decoded, and kept as its source. */
function bothWays(kind: 'iso' | 'xml', path: string, format: 'marc21' | 'cnmarc' | 'auto'): { eager: BibRecord[]; lazy: BibRecord[] } {
  if (kind === 'xml') {
    const xml = readFileSync(fixture(path), 'utf8');
    const marcs = readMarcXml(xml);
    // One collection of many records: their sources share one copy of it, each reading its own record.
    const sources = xmlMarcSources(xml, marcs.length);
    return { eager: marcs.map((m) => toBibRecord(m, { library, format })), lazy: marcs.map((m, k) => toBibRecord(m, { library, format, marcSource: sources[k] })) };
  }
  const bytes = readFileSync(fixture(path));
  const options = { library: library.id, format };
  const eager: BibRecord[] = [];
  const lazy: BibRecord[] = [];
  for (const item of readIso2709(bytes, options)) {
    if (item.type !== 'record') continue;
    const ctx = { library, format, charset: item.record.charset, charsetMismatch: item.record.charsetMismatch };
    eager.push(toBibRecord(item.record.toMarcRecord(), ctx));
    lazy.push(toBibRecord(item.record.toMarcRecord(), { ...ctx, marcSource: isoMarcSource(bytes, options, lazy.length) }));
  }
  return { eager, lazy };
}

const FILES: ['iso' | 'xml', string, 'marc21' | 'cnmarc' | 'auto'][] = [
  ['xml', 'catalogue/marc21.xml', 'marc21'],
  ['xml', 'catalogue/cnmarc.xml', 'cnmarc'],
  ['iso', 'records/gbk-cnmarc/input.mrc', 'cnmarc'],
  ['iso', 'records/utf8-cnmarc/input.mrc', 'cnmarc'],
  ['iso', 'records/marc8-diacritics/input.mrc', 'marc21'],
  ['iso', 'records/sjis-cnmarc/input.mrc', 'cnmarc'],
];

describe('MARC kept as its source', () => {
  it.each(FILES)('reads back, from %s %s, the MARC read at once: every record, every field', (kind, path, format) => {
    const { eager, lazy } = bothWays(kind, path, format);
    expect(lazy.length).toBeGreaterThan(0);
    expect(lazy.length).toBe(eager.length);
    for (const [i, record] of lazy.entries()) {
      expect(pendingMarcBytes(record)).toBeGreaterThan(0);
      expect(record.marc).toEqual(eager[i]!.marc);
      // Read once, then an ordinary property.
      expect(pendingMarcBytes(record)).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(record, 'marc')?.value).toBe(record.marc);
    }
  });

  it('is an ordinary property to its readers: spread, JSON and equality see the MARC, a write replaces it', () => {
    const { eager, lazy } = bothWays('xml', 'catalogue/marc21.xml', 'marc21');
    expect(JSON.stringify(lazy[0])).toBe(JSON.stringify(eager[0]));
    expect({ ...lazy[1] }).toEqual({ ...eager[1] });
    expect(lazy[2]).toEqual(eager[2]);
    const record = lazy[3]!;
    record.marc = undefined;
    expect(record.marc).toBeUndefined();
    expect(pendingMarcBytes(record)).toBeUndefined();
  });

  it('stays unread in a copy with changes (copyRecord), which reads back the same MARC', () => {
    const { eager, lazy } = bothWays('iso', 'records/gbk-cnmarc/input.mrc', 'cnmarc');
    const copy = copyRecord(lazy[0]!, { holdings: [] });
    expect(pendingMarcBytes(lazy[0]!)).toBeGreaterThan(0);
    expect(pendingMarcBytes(copy)).toBeGreaterThan(0);
    expect(copy).toEqual({ ...eager[0], holdings: [] });
    expect(copyRecord(eager[0]!, { holdings: [] })).toEqual({ ...eager[0], holdings: [] });
  });

  it('is not read by the own-strings walk, and the store counts its source instead of reading it', () => {
    const { lazy } = bothWays('iso', 'records/utf8-cnmarc/input.mrc', 'cnmarc');
    ownStrings({ records: lazy });
    for (const record of lazy) expect(pendingMarcBytes(record)).toBeGreaterThan(0);
    const pending = estimateBytes(lazy);
    for (const record of lazy) expect(pendingMarcBytes(record)).toBeGreaterThan(0);
    // Read, the MARC is counted as objects: more than its bytes, and no read is left pending.
    for (const record of lazy) void record.marc;
    expect(estimateBytes(lazy)).toBeGreaterThan(pending);
  });
});
