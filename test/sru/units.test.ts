/** The endpoint's pure parts: version negotiation, CQL splitting, result-set ids, scan windows, 852 mapping, config. */
import { describe, expect, it } from 'vitest';
import { gatewaySchema } from '../../src/config/schema.ts';
import { DatabaseCatalog, sruSettings } from '../../src/sru/databases.ts';
import { SruDiagnosticError } from '../../src/sru/diagnostics.ts';
import { analyzeQuery } from '../../src/sru/query.ts';
import { decodeSetId, encodeSetId } from '../../src/sru/result-sets.ts';
import { scanWindow } from '../../src/sru/scan.ts';
import { holding852, withHoldings } from '../../src/sru/schemas/marcxml.ts';
import { negotiateVersion } from '../../src/sru/version.ts';
import { holding, marc, testLibrary } from './fake-gateway.ts';

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SruDiagnosticError) return error.diagnostic.code;
    if (error && typeof error === 'object' && 'diagnostic' in error) return Number((error as { diagnostic: unknown }).diagnostic);
    throw error;
  }
  return undefined;
}

describe('version negotiation', () => {
  it('answers in the highest supported version not above the one asked for', () => {
    expect(negotiateVersion(undefined).version).toBe('1.2');
    expect(negotiateVersion('1.1').version).toBe('1.1');
    expect(negotiateVersion('1.2').version).toBe('1.2');
    expect(negotiateVersion('1.9').version).toBe('1.2');
    expect(negotiateVersion('2.0').version).toBe('2.0');
    expect(negotiateVersion('2').version).toBe('2.0');
    expect(negotiateVersion('3.1').version).toBe('2.0');
    expect(negotiateVersion('1.0').error).toMatchObject({ code: 5, details: '2.0' });
    expect(negotiateVersion('x').error?.code).toBe(5);
  });
});

describe('CQL for the endpoint', () => {
  it('takes post-filters out of top-level and chains, keeping the search', () => {
    const q = analyzeQuery('dc.title=history and (dc.language any "zh en" and ill.available=1)');
    expect(q).toEqual({
      kind: 'search',
      query: { kind: 'term', field: 'title', value: 'history', mode: 'words' },
      filters: [
        { index: 'dc.language', codes: ['chi', 'eng'], negate: false },
        { index: 'ill.available', available: true },
      ],
    });
    expect(analyzeQuery('> d = "info:srw/cql-context-set/1/dc-v1.1" d.title=x and d.language<>jpn').filters).toEqual([{ index: 'dc.language', codes: ['jpn'], negate: true }]);
  });

  it('reuses a result set only with filters or cql.allRecords', () => {
    expect(analyzeQuery('cql.resultSetId="abc" and cql.allRecords=1 and ill.available=0')).toEqual({ kind: 'resultSet', id: 'abc', filters: [{ index: 'ill.available', available: false }] });
    expect(code(() => analyzeQuery('cql.resultSetId="abc" and dc.title=x'))).toBe(48);
    expect(code(() => analyzeQuery('cql.resultSetId="a" and cql.resultSetId="b"'))).toBe(48);
  });

  it('refuses what would change the meaning or is not supported', () => {
    expect(code(() => analyzeQuery('dc.title=x not dc.language=eng'))).toBe(48);
    expect(code(() => analyzeQuery('dc.title=x and dc.language="en zh"'))).toBe(36);
    expect(code(() => analyzeQuery('dc.title=x and ill.available=maybe'))).toBe(36);
    expect(code(() => analyzeQuery('dc.title=x and ill.available>1'))).toBe(19);
    expect(code(() => analyzeQuery('dc.title=x and dc.language=/stem eng'))).toBe(20);
    expect(code(() => analyzeQuery('dc.title=x sortBy dc.date'))).toBe(80);
    expect(code(() => analyzeQuery('bath.name=x'))).toBe(16);
    expect(code(() => analyzeQuery('dc.title=a* and dc.creator=b'))).toBeUndefined();
  });
});

describe('SRU result-set ids', () => {
  it('carry the post-filters and round-trip', () => {
    const filters = [
      { index: 'ill.available' as const, available: true },
      { index: 'dc.language' as const, codes: ['eng', 'chi'], negate: false },
    ];
    const id = encodeSetId('5f0c', filters);
    expect(id).toMatch(/^5f0c\.[A-Za-z0-9_-]+$/);
    expect(decodeSetId(id)).toEqual({ gatewayId: '5f0c', filters: [{ index: 'ill.available', available: true }, { index: 'dc.language', codes: ['chi', 'eng'], negate: false }] });
    expect(encodeSetId('5f0c', [])).toBe('5f0c');
    expect(decodeSetId('5f0c.!!!')).toBeUndefined();
  });
});

describe('scan window', () => {
  const all = ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value, display: value.toUpperCase(), count: 1 }));
  it('puts the first term >= the scan term at responsePosition', () => {
    expect(scanWindow(all, 'c', 1, 2).map((t) => t.value)).toEqual(['c', 'd']);
    expect(scanWindow(all, 'c', 2, 3).map((t) => t.value)).toEqual(['b', 'c', 'd']);
    expect(scanWindow(all, 'c', 0, 2).map((t) => t.value)).toEqual(['d', 'e']);
    expect(scanWindow(all, 'bb', 1, 10).map((t) => [t.value, t.whereInList])).toEqual([['c', 'inner'], ['d', 'inner'], ['e', 'last']]);
    expect(scanWindow(all, 'a', 1, 1)[0]?.whereInList).toBe('first');
    expect(scanWindow(all, 'z', 1, 3)).toEqual([]);
    expect(scanWindow(all.slice(0, 1), 'a', 1, 3)[0]?.whereInList).toBe('only');
  });
});

describe('MARCXML holdings', () => {
  it('maps a copy to 852 $a library $b location $c branch $h call number $p barcode $z status', () => {
    const field = holding852({ ...holding('shl', 'on_loan', '借出', false), volume: 'v.7' });
    expect(field.subfields.map((s) => `${s.code}=${s.value}`)).toEqual(['a=shl', 'b=外文书库', 'c=总馆', 'h=K20/1', '3=v.7', 'p=shl-0001', 'z=借出']);
  });

  it("replaces the library's own 852s and keeps tag order", () => {
    const out = withHoldings(marc('x1', 'T'), [holding('pku', 'available', '', true)]);
    expect(out.fields.map((f) => f.tag)).toEqual(['001', '245', '852', '900']);
    const f852 = out.fields[2];
    expect(f852 && 'subfields' in f852 ? f852.subfields.at(-1) : undefined).toEqual({ code: 'z', value: 'available' });
  });
});

describe('SRU configuration', () => {
  const libraries = [testLibrary('pku', { category: '理工类' }), testLibrary('shl', { category: '医学类' })];

  it('defaults: every library, the four categories, 10/50 records, marcxml', () => {
    const settings = sruSettings({ file: 't', gateway: gatewaySchema.parse({}), libraries });
    expect(settings).toMatchObject({ defaultRecords: 10, maxRecords: 50, defaultSchema: 'marcxml' });
    const catalog = new DatabaseCatalog(libraries, settings);
    expect(catalog.find('')?.libraries.map((l) => l.id)).toEqual(['pku', 'shl']);
    expect(catalog.find('/SHL/')?.libraries.map((l) => l.id)).toEqual(['shl']);
    expect(catalog.find('science')?.libraries.map((l) => l.id)).toEqual(['pku']);
    expect(catalog.find('agriculture')?.libraries).toEqual([]);
    expect(catalog.find('nosuch')).toBeUndefined();
  });

  it('configured databases come first and are checked against the libraries', () => {
    const settings = gatewaySchema.parse({ sru: { databases: [{ name: 'science', libraries: ['shl'] }, { name: 'med', category: '医学类', title: { zh: '医学', en: 'Medicine' } }] } }).sru;
    const catalog = new DatabaseCatalog(libraries, settings!);
    expect(catalog.find('science')?.libraries.map((l) => l.id)).toEqual(['shl']);
    expect(catalog.find('med')?.title.en).toBe('Medicine');
    const bad = gatewaySchema.parse({ sru: { databases: [{ name: 'x', libraries: ['nope'] }], withholdMarc: ['gone'] } }).sru;
    expect(() => new DatabaseCatalog(libraries, bad!)).toThrow(/unknown library id "nope"[\s\S]*withholdMarc: unknown library id "gone"/);
    expect(gatewaySchema.safeParse({ sru: { defaultRecords: 80, maxRecords: 50 } }).success).toBe(false);
    expect(gatewaySchema.safeParse({ sru: { databases: [{ name: 'x', category: '医学类', libraries: ['a'] }] } }).success).toBe(false);
  });
});
