/**
 * What the simulated Japanese catalogue holds: the generated records of
 * fixtures/jp-catalogue/records.mrc plus the fixture catalogue's Japanese records
 * (fxcn-0012…0016), whose 905 $a institution code becomes the 馆址 the OPAC shows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDataField, type MarcRecord } from '../../../src/records/marc.ts';
import { readIso2709 } from '../../../src/records/iso2709/reader.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';

export const RECORDS_FILE = fileURLToPath(new URL('../../../fixtures/jp-catalogue/records.mrc', import.meta.url));
export const SJIS_RECORDS_FILE = fileURLToPath(new URL('../../../fixtures/jp-catalogue/records.sjis.mrc', import.meta.url));

let generated: MarcRecord[] | undefined;

/** The committed generated records (UTF-8); a bad fixture file is a bug, so it throws. */
function generatedRecords(): MarcRecord[] {
  if (!generated) {
    const out: MarcRecord[] = [];
    for (const item of readIso2709(readFileSync(RECORDS_FILE), { charset: 'utf-8', format: 'cnmarc' })) {
      if (item.type === 'error') throw item.error;
      if (item.type === 'record') out.push(item.record.toMarcRecord());
    }
    generated = out;
  }
  return generated;
}

function renameInstitution(record: MarcRecord, institution: string, branchName: string): MarcRecord {
  return {
    leader: record.leader,
    fields: record.fields.map((f) =>
      isDataField(f) && f.tag === '905' ? { ...f, subfields: f.subfields.map((s) => (s.code === 'a' && s.value === institution ? { code: 'a', value: branchName } : s)) } : f,
    ),
  };
}

export function japaneseCatalogue(options: { institution?: string; branchName?: string } = {}): MarcRecord[] {
  const institution = options.institution ?? 'SHL';
  const branchName = options.branchName ?? '上海图书馆';
  return [...loadCatalogue('japanese').map((r) => renameInstitution(r, institution, branchName)), ...generatedRecords()];
}
