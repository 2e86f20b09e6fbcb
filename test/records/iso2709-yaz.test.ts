/**
 * Bulk round trip: the benchmark's record generator (MARC 21, a third CJK) through our
 * writer and reader, compared with yaz-marcdump -o json on the same bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';
import { benchRecord } from '../../bench/marc-data.ts';
import { hasYaz, requirePeers, yazJson, yazSkipReason } from './yaz.ts';

describe('ISO 2709 bulk round trip', () => {
  const records = Array.from({ length: 500 }, (_, n) => benchRecord(n));
  const bytes = Buffer.concat(records.map((r) => writeIso2709(r)));

  it('reads back what was written (fields and byte-counted lengths)', () => {
    const read = [...readIso2709(bytes)].map((item) => (item.type === 'record' ? item.record.toMarcRecord() : item));
    expect(read.map((r) => ('fields' in r ? r.fields : r))).toEqual(records.map((r) => r.fields));
  });

  it.skipIf(!hasYaz && !requirePeers)(hasYaz || requirePeers ? 'matches yaz-marcdump -i marc -o json on 500 records' : `matches yaz (skipped: ${yazSkipReason})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'iso-test-'));
    try {
      const file = join(dir, 'r.mrc');
      writeFileSync(file, bytes);
      const theirs = yazJson(file, ['-i', 'marc']);
      const ours = [...readIso2709(bytes)].flatMap((item) => (item.type === 'record' ? [item.record.toMarcRecord()] : []));
      expect(ours).toHaveLength(500);
      expect(ours).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
