/**
 * A larger catalogue for the Zebra benches: the fixture catalogue (fixtures/catalogue, 30 MARC 21
 * and 30 CNMARC records) repeated COPIES times, each copy with its own 001, written to a temp dir
 * that startZebra({ catalogueDir }) indexes. Every query then finds ≥ 10 records per database
 * while the records stay real cataloguing, not generated text.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOGUE_DIR, ZEBRA_DATABASES } from '../peers/zebra.ts';
import type { MarcRecord } from '../src/records/marc.ts';
import { readMarcXml } from '../src/records/marcxml/reader.ts';
import { marcCollectionToXml } from '../src/records/marcxml/write.ts';

function copy(record: MarcRecord, k: number): MarcRecord {
  const fields = record.fields.map((f) => (f.tag === '001' && 'value' in f ? { tag: '001', value: `${f.value}-${k}` } : f));
  return { leader: record.leader, fields };
}

export function enlargedCatalogue(copies: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalogue-'));
  for (const file of Object.values(ZEBRA_DATABASES)) {
    const records = readMarcXml(readFileSync(join(CATALOGUE_DIR, file), 'utf8'));
    const out: MarcRecord[] = [];
    for (let k = 0; k < copies; k++) for (const r of records) out.push(copy(r, k));
    writeFileSync(join(dir, file), marcCollectionToXml(out));
  }
  return dir;
}
