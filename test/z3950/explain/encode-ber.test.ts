/** The target side of the Explain syntax (the simulator's IR-Explain-1): what it writes, the decoder reads back unchanged. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainRecordArbitrary } from '../../../tools/fuzz/explain-records.ts';
import { decodeExplainBytes } from '../../../src/z3950/explain/decode-ber.ts';
import { encodeExplainRecord } from '../../../src/z3950/explain/encode-ber.ts';
import type { ExplainRecord } from '../../../src/z3950/explain/model.ts';
import { OID } from '../../../src/z3950/oids.ts';

const RECORDS: ExplainRecord[] = [
  { category: 'targetInfo', targetInfo: { name: '清华大学图书馆', namedResultSets: true, multipleDatabaseSearch: false, maxResultSets: 5, maxResultSize: 10_000, maxTerms: 8, timeoutInterval: { value: 300, unit: 'second' }, description: 'Z39.50 服务' } },
  { category: 'databaseInfo', databaseInfo: { name: 'THU01', explainDatabase: false, available: true, title: '中文书目', description: 'CNMARC', recordCount: { count: 2_500_000, approximate: true } } },
  { category: 'databaseInfo', databaseInfo: { name: 'IR-Explain-1', explainDatabase: true, available: false } },
  {
    category: 'attributeDetails',
    attributeDetails: {
      databaseName: 'THU01',
      attributeSets: [
        { attributeSet: OID.BIB1_ATTRIBUTES, types: [{ type: 1, values: [{ value: 4, description: '题名' }, { value: 'Local-classification', partial: true }] }, { type: 2, values: 'all' }] },
        { attributeSet: OID.EXP1_ATTRIBUTES, types: [{ type: 1, values: [{ value: 1 }] }] },
      ],
    },
  },
];

describe('Explain records written and read back', () => {
  for (const record of RECORDS) {
    it(`${record.category} ${JSON.stringify(record).slice(40, 80)}…`, () => {
      expect(decodeExplainBytes(encodeExplainRecord(record))).toEqual(record);
    });
  }

  it('any record of the model survives the round trip (fast-check)', () => {
    fc.assert(
      fc.property(explainRecordArbitrary, (record) => {
        expect(decodeExplainBytes(encodeExplainRecord(record))).toEqual(record);
      }),
      { numRuns: 200, seed: 18 },
    );
  });

  it('writes only the three categories discovery reads', () => {
    expect(() => encodeExplainRecord({ category: 'other', name: 'categoryList' })).toThrow(RangeError);
  });
});
