/**
 * The fixture catalogue simulated libraries serve (fixtures/catalogue/*.xml, MARCXML),
 * read once per process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MarcRecord } from '../records/marc.ts';
import { readMarcXml } from '../records/marcxml/reader.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/catalogue/', import.meta.url));
const cache = new Map<string, MarcRecord[]>();

/** `default` = every *.xml file in fixtures/catalogue/; any other name = fixtures/catalogue/<name>/. */
export function loadCatalogue(name = 'default'): MarcRecord[] {
  const cached = cache.get(name);
  if (cached) return cached;
  const dir = name === 'default' ? FIXTURES : join(FIXTURES, name);
  const records: MarcRecord[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()) {
    records.push(...readMarcXml(readFileSync(join(dir, file), 'utf8')));
  }
  cache.set(name, records);
  return records;
}
