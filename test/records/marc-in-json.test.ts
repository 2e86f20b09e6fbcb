/**
 * bench:marc's JSON side formats what yaz-marcdump -o json formats: the MARC-in-JSON of our
 * records parses to the same objects as yaz's output for the bench's own records (UTF-8, and
 * MARC-8 converted to UTF-8 by both).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchMarc8Record, benchRecord } from '../../bench/marc-data.ts';
import { marcInJson } from '../../bench/marc-json.ts';
import { encodeMarc8 } from '../../src/records/charsets/marc8-encode.ts';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';
import { hasYaz, requirePeers, yazJsonObjects, yazSkipReason } from '../records/yaz.ts';

function ours(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  for (const item of readIso2709(bytes)) {
    if (item.type !== 'record') throw new Error(item.type);
    out.push(JSON.parse(marcInJson(item.record.toMarcRecord())));
  }
  return out;
}

/** yaz's strings in NFC (ours are), everything else as yaz wrote it. */
const nfc = (value: unknown): unknown => JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v));

describe('MARC-in-JSON of bench:marc', () => {
  it('escapes what JSON must escape', () => {
    const record = { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'a"b\\c\u0001\ud800' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: '中 "x"' }] }] };
    expect(JSON.parse(marcInJson(record))).toEqual({ leader: record.leader, fields: [{ '001': 'a"b\\c\u0001\ud800' }, { 245: { subfields: [{ a: '中 "x"' }], ind1: '1', ind2: '0' } }] });
  });

  it.skipIf(!hasYaz && !requirePeers)(hasYaz || requirePeers ? 'parses to what yaz-marcdump -o json writes for the same files' : `matches yaz (skipped: ${yazSkipReason})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'marc-json-'));
    try {
      const mrc = join(dir, 'r.mrc');
      const bytes = Buffer.concat(Array.from({ length: 300 }, (_, n) => writeIso2709(benchRecord(n))));
      writeFileSync(mrc, bytes);
      expect(ours(bytes)).toEqual(yazJsonObjects(mrc, ['-i', 'marc']));

      const marc8 = join(dir, 'm8.mrc');
      const encoded = Buffer.concat(Array.from({ length: 100 }, (_, n) => writeIso2709(benchMarc8Record(n), (text) => {
        const result = encodeMarc8(text);
        if (!result.ok) throw new Error(result.character);
        return result.bytes;
      })));
      writeFileSync(marc8, encoded);
      // yaz marks its UTF-8 output in leader/09 ('a'); our records keep the leader they came with.
      const theirs = yazJsonObjects(marc8, ['-i', 'marc', '-f', 'marc8', '-t', 'utf8']).map((r) => ({ ...r, leader: `${r.leader.slice(0, 9)} ${r.leader.slice(10)}` }));
      expect(ours(encoded)).toEqual(nfc(theirs));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
