/**
 * Writes the simulated Japanese catalogue's records (deterministic, see generate-records.ts):
 *
 *   npx tsx adapters/jp-catalogue/sim/generate-fixtures.ts
 *
 * fixtures/jp-catalogue/records.mrc       UTF-8 ISO 2709 (100$a/26-29 "50" = ISO 10646)
 * fixtures/jp-catalogue/records.sjis.mrc  the same records in Shift_JIS, as a Japanese
 *   system would export them: Simplified holdings texts in their JIS forms (encoding.ts)
 *   and 100$a left saying UTF-8 — exports converted after cataloguing keep it (reference 03 §4).
 * Lengths are byte counts in each file's own charset.
 *
 * It also writes the export payloads of the fixture cases (fixtures/jp-catalogue/cases/*):
 * the first records of either file, and one export cut off inside its fourth record.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import { encodeText } from '../encoding.ts';
import { generateJapaneseRecords } from './generate-records.ts';
import { RECORDS_FILE, SJIS_RECORDS_FILE } from './catalogue.ts';

export function fixtureFiles(): { utf8: Buffer; sjis: Buffer } {
  const records = generateJapaneseRecords();
  return {
    utf8: Buffer.concat(records.map((r) => writeIso2709(r))),
    sjis: Buffer.concat(records.map((r) => writeIso2709(r, (text) => encodeText(text, 'shift_jis')))),
  };
}

const CASES = fileURLToPath(new URL('../../../fixtures/jp-catalogue/cases/', import.meta.url));

/** Export bodies of the fixture cases, by case folder. */
export function casePayloads(): Record<string, Buffer> {
  const records = generateJapaneseRecords().slice(0, 4);
  const utf8 = records.map((r) => writeIso2709(r));
  const sjis = records.map((r) => writeIso2709(r, (text) => encodeText(text, 'shift_jis')));
  const fourth = utf8[3] as Buffer;
  return {
    'basic-utf8': Buffer.concat(utf8.slice(0, 3)),
    'shift-jis': Buffer.concat(sjis.slice(0, 3)),
    'mislabelled-charset': Buffer.concat(sjis.slice(0, 3)),
    'truncated-export': Buffer.concat([...utf8.slice(0, 3), fourth.subarray(0, Math.floor(fourth.length / 2))]),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = fixtureFiles();
  writeFileSync(RECORDS_FILE, files.utf8);
  writeFileSync(SJIS_RECORDS_FILE, files.sjis);
  for (const [name, body] of Object.entries(casePayloads())) {
    mkdirSync(join(CASES, name), { recursive: true });
    writeFileSync(join(CASES, name, 'export.mrc'), body);
  }
  console.log(`wrote ${RECORDS_FILE} (${files.utf8.length} bytes) and ${SJIS_RECORDS_FILE} (${files.sjis.length} bytes)`);
}
