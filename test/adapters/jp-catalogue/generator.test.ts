/** The committed fixtures are exactly what the deterministic generator writes, and they are sound. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { casePayloads, fixtureFiles } from '../../../adapters/jp-catalogue/sim/generate-fixtures.ts';
import { generateJapaneseRecords } from '../../../adapters/jp-catalogue/sim/generate-records.ts';
import { RECORDS_FILE, SJIS_RECORDS_FILE } from '../../../adapters/jp-catalogue/sim/catalogue.ts';
import { isValidIsbn } from '../../../src/identifiers/isbn.ts';
import { readIso2709 } from '../../../src/records/iso2709/reader.ts';
import { controlValue, dataFields, firstSubfield, type MarcRecord } from '../../../src/records/marc.ts';

function read(file: string, charset: string): MarcRecord[] {
  const out: MarcRecord[] = [];
  for (const item of readIso2709(readFileSync(file), { charset, format: 'cnmarc' })) {
    expect(item.type).toBe('record');
    if (item.type === 'record') {
      expect(item.record.charsetMismatch).toBe(false);
      out.push(item.record.toMarcRecord());
    }
  }
  return out;
}

describe('generated Japanese catalogue fixtures', () => {
  it('are byte for byte what the generator writes (run generate-fixtures.ts after changing it)', () => {
    const files = fixtureFiles();
    expect(readFileSync(RECORDS_FILE).equals(files.utf8)).toBe(true);
    expect(readFileSync(SJIS_RECORDS_FILE).equals(files.sjis)).toBe(true);
    for (const [name, body] of Object.entries(casePayloads())) {
      const committed = readFileSync(fileURLToPath(new URL(`../../../fixtures/jp-catalogue/cases/${name}/export.mrc`, import.meta.url)));
      expect(committed.equals(body), name).toBe(true);
    }
  });

  it('hold 300 distinct Japanese CNMARC records with valid ISBNs and SHL 日文书库 copies', () => {
    const records = read(RECORDS_FILE, 'utf-8');
    expect(records).toHaveLength(300);
    expect(new Set(records.map((r) => controlValue(r, '001'))).size).toBe(300);
    for (const record of records) {
      const isbn = firstSubfield(dataFields(record, '010')[0]!, 'a') ?? '';
      expect(isValidIsbn(isbn), isbn).toBe(true);
      expect(firstSubfield(dataFields(record, '101')[0]!, 'a')).toBe('jpn');
      const copies = dataFields(record, '905');
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) expect([firstSubfield(copy, 'a'), firstSubfield(copy, 'c')]).toEqual(['上海图书馆', '日文书库']);
    }
    const isbns = records.map((r) => firstSubfield(dataFields(r, '010')[0]!, 'a') ?? '');
    expect(isbns.some((i) => i.startsWith('978-4-'))).toBe(true);
    expect(isbns.some((i) => /^4-\d/.test(i))).toBe(true);
  });

  it('have a Shift_JIS copy with the same bibliographic text', () => {
    const utf8 = read(RECORDS_FILE, 'utf-8');
    const sjis = read(SJIS_RECORDS_FILE, 'shift_jis');
    const text = (r: MarcRecord) => ['200', '210', '700'].map((tag) => dataFields(r, tag).map((f) => f.subfields.map((s) => s.value).join('|')).join('/')).join('#');
    expect(sjis.map(text)).toEqual(utf8.map(text));
    expect(firstSubfield(dataFields(sjis[0]!, '905')[0]!, 'a')).toBe('上海圖書館');
  });

  it('is deterministic', () => {
    expect(generateJapaneseRecords(50)).toEqual(generateJapaneseRecords(50));
    expect(generateJapaneseRecords(50, 1)).not.toEqual(generateJapaneseRecords(50));
  });
});
