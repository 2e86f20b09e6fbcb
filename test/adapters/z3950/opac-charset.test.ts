/**
 * OPAC holdings' status texts are decoded with the charset decision made for their
 * bibliographic record: a GBK-configured target that actually sends Shift_JIS gets 貸出中,
 * not mojibake read as an unknown status.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { z3950RecordsToBib } from '../../../adapters/z3950/bib.ts';
import { extractRecord } from '../../../adapters/z3950/records.ts';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import { decodeBer } from '../../../src/z3950/ber-reader.ts';
import { encodeOpacRecord } from '../../../src/z3950/apdu/opac.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { testLibrary } from '../../helpers/libraries.ts';

const TITLES: Record<string, [string, string]> = {
  shift_jis: ['明代の海禁政策', 'ミンダイ ノ カイキン セイサク'],
  big5: ['萬曆十五年', '黃仁宇著 食貨出版社'],
  gbk: ['万历十五年', '黄仁宇著 中华书局'],
};

function opacRecord(charset: string, status: string) {
  const [title, other] = TITLES[charset] as [string, string];
  const bib = writeIso2709(
    {
      leader: '00000cam a2200000 a 4500',
      fields: [
        { tag: '001', value: 'jp-1' },
        { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
        { tag: '246', ind1: '3', ind2: ' ', subfields: [{ code: 'a', value: other }] },
      ],
    },
    (s) => iconv.encode(s, charset),
  );
  const ber = encodeOpacRecord(
    {
      bibliographicRecord: { directReference: OID.USMARC, encoding: { kind: 'octet-aligned', bytes: bib } },
      holdings: [{ kind: 'holdingsAndCirc', nucCode: 'KYU', localLocation: '中央図書館', shelvingData: status, volumes: [], circulationData: [{ itemId: '0001', availableNow: false }] }],
    },
    (s) => iconv.encode(s, charset),
  );
  return { record: { kind: 'retrieval' as const, external: { directReference: OID.OPAC, encoding: { kind: 'single-ASN1-type' as const, element: decodeBer(ber) } } } };
}

describe('OPAC holdings decoded with the record charset decision', () => {
  it.each([
    ['shift_jis', '貸出中'],
    ['big5', '借出'],
  ])('GBK configured, %s sent: the status text %s comes out right, and the record is flagged', (actual, status) => {
    const outcome = extractRecord(opacRecord(actual, status), 1, textCodec('gbk'));
    if (!outcome.ok) throw new Error('not extracted');
    const library = testLibrary('kyoto', { adapter: 'z3950' });
    const { records } = z3950RecordsToBib([outcome.record], { library, settings: { charset: 'gbk', format: 'marc21' } });
    expect(records[0]?.charsetMismatch).toBe(true);
    expect(records[0]?.charset).toBe(actual);
    expect(records[0]?.holdings.map((h) => h.statusText)).toEqual([status]);
  });

  it('GBK configured and sent: nothing is re-read', () => {
    const outcome = extractRecord(opacRecord('gbk', '借出'), 1, textCodec('gbk'));
    if (!outcome.ok) throw new Error('not extracted');
    const { records } = z3950RecordsToBib([outcome.record], { library: testLibrary('pku', { adapter: 'z3950' }), settings: { charset: 'gbk', format: 'marc21' } });
    expect(records[0]?.charsetMismatch).toBe(false);
    expect(records[0]?.holdings.map((h) => [h.statusText, h.status])).toEqual([['借出', 'on_loan']]);
  });
});
