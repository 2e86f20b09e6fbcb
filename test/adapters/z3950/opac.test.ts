import { describe, expect, it } from 'vitest';
import { decodeBer } from '../../../src/z3950/ber-reader.ts';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { decodeOpacRecord, encodeOpacRecord, type OpacRecord } from '../../../src/z3950/apdu/opac.ts';
import { decodePresentResponse } from '../../../src/z3950/apdu/present.ts';
import { extractRecord } from '../../../adapters/z3950/records.ts';
import { apdu } from '../../z3950/support/fixtures.ts';

describe('OPAC record (1.2.840.10003.5.102)', () => {
  it('decodes the record yaz-ztest sends (indefinite lengths, MARC21 bib + one holding)', () => {
    const present = decodePresentResponse(decodeBer(apdu('opac-present', 's2c', 0xb9)));
    const npr = present.records?.kind === 'records' ? present.records.records[0] : undefined;
    expect(npr).toBeDefined();
    const outcome = extractRecord(npr!, 1, textCodec('utf-8'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok || outcome.record.syntax !== 'opac') throw new Error('not an OPAC record');
    const opac = outcome.record.opac;
    expect(opac.bibliographicRecord?.directReference).toBe(OID.USMARC);
    expect(opac.bibliographicRecord?.encoding.kind === 'octet-aligned' && opac.bibliographicRecord.encoding.bytes.length).toBe(366);
    expect(opac.holdings).toEqual([
      {
        kind: 'holdingsAndCirc',
        typeOfRecord: 'u',
        encodingLevel: 'u',
        receiptAcqStatus: '0',
        dateOfReport: '000000',
        nucCode: 's-FM/GC',
        localLocation: 'Main or Science/Business Reading Rms - STORED OFFSITE',
        callNumber: 'MLCM 89/00602 (N)',
        shelvingData: 'FT MEADE',
        copyNumber: 'Copy 1',
        volumes: [],
        circulationData: [{ availableNow: true, itemId: '1226176', renewable: false, onHold: false }],
      },
    ]);
  });

  it('round-trips every HoldingsAndCircData and CircRecord field, in GBK', () => {
    const gbk = textCodec('gbk');
    const rec: OpacRecord = {
      bibliographicRecord: { directReference: OID.UNIMARC, encoding: { kind: 'octet-aligned', bytes: Buffer.from('cnmarc') } },
      holdings: [
        {
          kind: 'holdingsAndCirc',
          typeOfRecord: 'x',
          encodingLevel: '1',
          format: 'ta',
          receiptAcqStatus: '2',
          generalRetention: '8',
          completeness: '4',
          dateOfReport: '240101',
          nucCode: 'SHL',
          localLocation: '上海图书馆',
          shelvingLocation: '中文书库',
          callNumber: 'I247.5/123',
          shelvingData: '在架',
          copyNumber: 'c.2',
          publicNote: '可外借',
          reproductionNote: 'r',
          termsUseRepro: 't',
          enumAndChron: 'v.1-3',
          volumes: [{ enumeration: 'v.1', chronology: '2001', enumAndChron: 'v.1 (2001)' }, {}],
          circulationData: [
            { availableNow: false, availablityDate: '2025-01-31', availableThru: '借出', restrictions: '阅览', itemId: '310000123', renewable: true, onHold: true, enumAndChron: 'v.1', midspine: 'm', temporaryLocation: '修补' },
            { availableNow: true, renewable: false, onHold: false },
          ],
        },
        { kind: 'marcHoldings', external: { directReference: OID.USMARC, encoding: { kind: 'octet-aligned', bytes: Buffer.from('mfhd') } } },
      ],
    };
    const bytes = encodeOpacRecord(rec, gbk.encode);
    expect(bytes.includes(Buffer.from('c9cfbaa3cdbccae9b9dd', 'hex'))).toBe(true); // 上海图书馆 in GBK on the wire
    expect(decodeOpacRecord(decodeBer(bytes), gbk.decode)).toEqual(rec);
  });

  it('tolerates a CircRecord without its mandatory BOOLEANs and reports bad members', () => {
    // OPACRecord { holdingsData [2] { holdingsAndCirc [2] { circulationData [19] { CircRecord { itemId [5] "x" } } } } }
    const lax = Buffer.from('300ba209a207b305300385017' + '8', 'hex');
    expect(decodeOpacRecord(decodeBer(lax)).holdings).toEqual([{ kind: 'holdingsAndCirc', volumes: [], circulationData: [{ itemId: 'x' }] }]);
    expect(() => decodeOpacRecord(decodeBer(Buffer.from('3004a2028300', 'hex')))).toThrow(/unexpected/);
  });
});
