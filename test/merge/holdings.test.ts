/**
 * The holdings table of a merged work: a volume's work lists that volume's copies only,
 * a set lists every volume's copies (grouped by the UI), the library's own report wins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Holding } from '../../src/holdings/model.ts';
import { groupHoldings } from '../../src/merge/holdings.ts';
import { mergeAll } from '../../src/merge/merger.ts';
import { bib, isbnEntry } from '../../corpora/merge/records.ts';

const copy = (barcode: string, volume?: string): Holding => ({
  library: 'shl',
  branch: '上海图书馆',
  callNumber: `K20/C178/${volume ?? ''}/`,
  barcode,
  statusText: '归还',
  status: 'available',
  collectionType: '参考外借资料',
  loanable: true,
  ...(volume ? { volume } : {}),
  ill: { eligible: true, reasons: [] },
});

describe('groupHoldings', () => {
  const copies = [copy('V7', 'v.7'), copy('V8', 'v.8'), copy('V10', 'v.10'), copy('V9-1', 'v.9:1'), copy('NONE')];
  const record = bib({ id: 'shl:1', library: 'shl', title: 'The Cambridge history of China', holdings: copies });

  it('lists only the volume\'s own copies (and copies that name no volume) under a volume', () => {
    const barcodes = (volume: string) => groupHoldings([record], volume).flatMap((row) => row.holdings.map((h) => h.barcode)).sort();
    expect(barcodes('10.1')).toEqual(['NONE', 'V10']);
    expect(barcodes('7')).toEqual(['NONE', 'V7']);
    expect(barcodes('9.1')).toEqual(['NONE', 'V9-1']);
  });

  it('lists every copy under a set or a single work', () => {
    expect(groupHoldings([record]).flatMap((row) => row.holdings)).toHaveLength(5);
  });

  it('keeps v.7 and v.8 copies out of the v.10 work when a catalogue reports the whole set on the volume record', () => {
    const v10 = bib({
      id: 'shl:v10',
      library: 'shl',
      title: 'The Cambridge history of China',
      partNumber: 'Vol. 10',
      partName: "Late Ch'ing, 1800-1911, pt. 1",
      year: 1978,
      isbns: [isbnEntry('0521214475')],
      holdings: [copy('V7', 'v.7'), copy('V8', 'v.8'), copy('V10', 'v.10')],
    });
    const pku = bib({ id: 'pku:v10', library: 'pku', title: 'The Cambridge history of China', partNumber: 'v. 10', year: 1978, isbns: [isbnEntry('0521214475')] });
    const [cluster] = mergeAll([v10, pku]);
    expect(cluster?.merged.volume).toMatch(/^10/u);
    expect(cluster?.holdings.find((row) => row.library === 'shl')?.holdings.map((h) => h.barcode)).toEqual(['V10']);
  });

  it('orders a row\'s copies: ILL-eligible first, then by branch, location, volume, call number, barcode and status text', () => {
    const part = fc.option(fc.constantFrom('', 'a', 'b', '总馆', '分馆', 'K20', 'v.1', 'v.10'), { nil: undefined });
    const arbitraryCopy = fc.record({ branch: part, location: part, volume: part, callNumber: part, barcode: part, statusText: fc.constantFrom('', '在架', '借出'), eligible: fc.boolean() });
    const field = (h: Holding, key: 'branch' | 'location' | 'volume' | 'callNumber' | 'barcode' | 'statusText') => h[key] ?? '';
    const keys = ['branch', 'location', 'volume', 'callNumber', 'barcode', 'statusText'] as const;
    fc.assert(
      fc.property(fc.array(arbitraryCopy, { maxLength: 12 }), (drawn) => {
        const holdings = drawn.map((d): Holding => ({
          library: 'shl', statusText: d.statusText, status: 'available', loanable: true, ill: { eligible: d.eligible, reasons: [] },
          ...(d.branch === undefined ? {} : { branch: d.branch }), ...(d.location === undefined ? {} : { location: d.location }), ...(d.volume === undefined ? {} : { volume: d.volume }),
          ...(d.callNumber === undefined ? {} : { callNumber: d.callNumber }), ...(d.barcode === undefined ? {} : { barcode: d.barcode }),
        }));
        const rows = groupHoldings([bib({ id: 'shl:1', library: 'shl', title: 't', holdings })]);
        const listed = rows.flatMap((row) => row.holdings);
        // Every copy listed once (no barcode repeats in an own report are dropped), in that order.
        expect([...listed].sort((a, b) => holdings.indexOf(a) - holdings.indexOf(b))).toEqual(holdings);
        for (let i = 1; i < listed.length; i++) {
          const a = listed[i - 1] as Holding;
          const b = listed[i] as Holding;
          if (a.ill?.eligible !== b.ill?.eligible) {
            expect(a.ill?.eligible).toBe(true);
            continue;
          }
          const differing = keys.find((k) => field(a, k) !== field(b, k));
          if (differing !== undefined) expect(field(a, differing) < field(b, differing), `${differing}: ${field(a, differing)} before ${field(b, differing)}`).toBe(true);
          // Copies alike in all six keep the order their record lists them in.
          else expect(holdings.indexOf(a)).toBeLessThan(holdings.indexOf(b));
        }
      }),
      { numRuns: 500 },
    );
  });
});
