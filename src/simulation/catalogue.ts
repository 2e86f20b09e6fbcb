/**
 * The fixture catalogue simulated libraries serve (fixtures/catalogue/*.xml, MARCXML),
 * read once per process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlValue, dataFields, type MarcRecord } from '../records/marc.ts';
import { readMarcXml } from '../records/marcxml/reader.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/catalogue/', import.meta.url));
const cache = new Map<string, MarcRecord[]>();

function isJapanese(record: MarcRecord): boolean {
  const f008 = controlValue(record, '008');
  if (f008 && f008.slice(35, 38) === 'jpn') return true;
  return dataFields(record, '101').some((f) => f.subfields.some((s) => s.code === 'a' && s.value === 'jpn'));
}

/** `default` = every record of fixtures/catalogue/*.xml; `japanese` = its Japanese-language records. */
export function loadCatalogue(name: 'default' | 'japanese' = 'default'): MarcRecord[] {
  const cached = cache.get(name);
  if (cached) return cached;
  let records: MarcRecord[] = [];
  if (name === 'default') {
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')).sort()) {
      records.push(...readMarcXml(readFileSync(join(FIXTURES, file), 'utf8')));
    }
  } else {
    records = loadCatalogue('default').filter(isJapanese);
  }
  cache.set(name, records);
  return records;
}
