/**
 * Writes fixtures/z3950/explain/*.ber: Explain records (the Explain-Record element a retrieval
 * record's EXTERNAL carries) encoded from the ASN.1 by explain-ber.ts, for the decoder's tests
 * and as fuzz seeds. Run: npx tsx test/z3950/explain/support/make-fixtures.ts (deterministic).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { attributeDetails, categoryList, databaseInfo, explainDatabaseInfo, targetInfo } from './explain-ber.ts';

const DIR = fileURLToPath(new URL('../../../../fixtures/z3950/explain/', import.meta.url));

/** The use attributes a CNMARC union catalogue lists, in its own words. */
const UNION_USES = [
  { value: 4, description: '题名' },
  { value: 1003, description: '责任者' },
  { value: 7, description: 'ISBN' },
  { value: 8, description: 'ISSN' },
  { value: 21, description: '主题词' },
  { value: 1018, description: '出版者' },
  { value: 31, description: '出版年' },
  { value: 1016, description: '任意字段' },
  { value: 20, description: '中图分类号', partial: true },
];

const files: Record<string, Buffer> = {
  'targetinfo.ber': targetInfo(),
  'targetinfo-indefinite.ber': targetInfo({ indefiniteLength: true }),
  'databaseinfo-actual.ber': databaseInfo('zwts', { value: 1_234_567, approximate: false }),
  'databaseinfo-approx.ber': databaseInfo('xwts', { value: 80_000, approximate: true }),
  'databaseinfo-explain.ber': explainDatabaseInfo(),
  'attributedetails.ber': attributeDetails('zwts', UNION_USES),
  'attributedetails-names.ber': attributeDetails('xwts', [{ value: 'Title' }, { value: 'Author' }, { value: 'ISBN' }]),
  'categorylist.ber': categoryList(),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(`${DIR}${name}`, bytes);
console.log(`wrote ${Object.keys(files).length} fixtures to ${DIR}`);
