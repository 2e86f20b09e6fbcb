import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFlavour } from '../../src/records/detect-format.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { readMarcXml } from '../../src/records/marcxml/reader.ts';
import { defaultHoldingsMap, toBibRecord } from '../../src/records/normalize.ts';
import { testLibrary } from '../helpers/libraries.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const input = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'records/mapping', name, 'input.json'), 'utf8')) as MarcRecord;

const shlRule = { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] };
const shl = testLibrary('shl', { ill: shlRule });
/** SHL as configured for the shared catalogue: its own 905/852 copies only, code SHL named 上海图书馆. */
const shlCatalogue = testLibrary('shl', {
  ill: shlRule,
  holdingsFields: [
    { tag: '905', branch: 'a', location: ['c'], callNumber: { whole: 's', parts: ['d', 'e'], separator: '/' }, barcode: 'b', volume: 'v', status: 'x', collectionType: 'y', institutions: ['SHL'], branchNames: { SHL: '上海图书馆' } },
    { tag: '852', branch: 'a', location: ['b'], callNumber: { parts: ['h', 'i'] }, barcode: 'p', volume: '3', collectionType: 'x', note: 'z', statusFromNote: true, institutions: ['SHL'], branchNames: { SHL: '上海图书馆' } },
  ],
});

describe('flavour detection', () => {
  it('tells MARC 21, CNMARC and plain UNIMARC apart by shape', () => {
    expect(detectFlavour(input('marc21-cambridge-v7'))).toEqual({ flavour: 'marc21', certain: true });
    expect(detectFlavour(input('cnmarc-chinese-book'))).toEqual({ flavour: 'cnmarc', certain: true });
    const european: MarcRecord = {
      leader: '00300nam0 2200121   450 ',
      fields: [
        { tag: '001', value: 'FR123' },
        { tag: '100', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: '20010101d2000    m  y0frey0103    ba' }] },
        { tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'Les misérables' }] },
        { tag: '801', ind1: ' ', ind2: '0', subfields: [{ code: 'a', value: 'FR' }] },
      ],
    };
    expect(detectFlavour(european)).toEqual({ flavour: 'unimarc', certain: true });
  });

  it('warns when it has to guess', () => {
    const bare: MarcRecord = { leader: '00100nam  2200049   4500', fields: [{ tag: '001', value: 'X1' }] };
    const record = toBibRecord(bare, { library: shl });
    expect(record.format).toBe('marc21');
    expect(record.warnings.map((w) => w.code)).toEqual(['format_guessed', 'no_title']);
  });

  it('maps by what was sent when the declared format is plainly wrong', () => {
    const record = toBibRecord(input('marc21-cambridge-v7'), { library: shl, format: 'unimarc' });
    expect(record.format).toBe('marc21');
    expect(record.title).toBe('The Cambridge history of China');
    expect(record.warnings[0]).toMatchObject({ source: 'record', code: 'format_mismatch', library: 'shl' });
  });

  it('keeps a declared flavour of the same family (UNIMARC for a CNMARC-looking record)', () => {
    const record = toBibRecord(input('cnmarc-cambridge-v7'), { library: shl, format: 'unimarc' });
    expect(record.format).toBe('unimarc');
    expect(record.partNumber).toBe('v.7');
  });
});

describe('identity, charset and the kept MARC', () => {
  it('prefers the id the target gave over 001', () => {
    const record = toBibRecord(input('cnmarc-chinese-book'), { library: shl, localId: 'srv-42' });
    expect(record).toMatchObject({ id: 'shl:srv-42', localId: 'srv-42', library: 'shl' });
  });

  it('derives a stable id when there is no 001', () => {
    const marc = input('cnmarc-chinese-book');
    const without = { ...marc, fields: marc.fields.filter((f) => f.tag !== '001') };
    const a = toBibRecord(without, { library: shl });
    const b = toBibRecord(structuredClone(without), { library: shl });
    expect(a.localId).toMatch(/^h[0-9a-f]{16}$/);
    expect(a.localId).toBe(b.localId);
    expect(a.warnings.find((w) => w.code === 'no_control_number')?.addinfo).toBe(a.localId);
  });

  it('passes the charset through and warns on a mismatch', () => {
    const record = toBibRecord(input('cnmarc-chinese-book'), { library: shl, charset: 'gb18030', charsetMismatch: true, keepMarc: false });
    expect(record.charset).toBe('gb18030');
    expect(record.charsetMismatch).toBe(true);
    expect(record.marc).toBeUndefined();
    expect(record.warnings).toEqual([
      { source: 'record', code: 'charset_mismatch', message: 'record bytes disagree with the declared character set; decoded as gb18030', library: 'shl' },
    ]);
  });
});

describe('the record as JSON', () => {
  // The order the API's JSON has had: identity, the content as the mapper writes it, holdings, warnings, charset, MARC.
  it('has its keys in the model order, optional ones where they belong', () => {
    expect(Object.keys(toBibRecord(input('marc21-cambridge-set'), { library: shl, charset: 'utf-8', charsetMismatch: false }))).toEqual([
      'id', 'library', 'localId', 'format', 'title', 'sortTitle', 'responsibility', 'place', 'publisher', 'yearText', 'year',
      'authors', 'series', 'languages', 'languageNames', 'isbns', 'issns', 'otherIds', 'materialType', 'subjects', 'classifications',
      'notes', 'contents', 'links', 'extent', 'holdings', 'warnings', 'charset', 'charsetMismatch', 'marc',
    ]);
    expect(Object.keys(toBibRecord(input('cnmarc-chinese-book'), { library: shl, format: 'cnmarc' }))).toEqual([
      'id', 'library', 'localId', 'format', 'title', 'sortTitle', 'responsibility', 'vernacularTitle', 'place', 'publisher', 'yearText', 'year',
      'authors', 'series', 'languages', 'languageNames', 'isbns', 'issns', 'otherIds', 'materialType', 'subjects', 'classifications',
      'notes', 'contents', 'links', 'edition', 'extent', 'holdings', 'warnings', 'marc',
    ]);
  });
});

describe('holdings inside the record', () => {
  it('the seed SHL row is eligible; the 借出 and 阅览 rows are not, with reasons', () => {
    const record = toBibRecord(input('marc21-cambridge-set'), { library: shl });
    const byBarcode = new Map(record.holdings.map((h) => [h.barcode, h]));
    expect(byBarcode.get('54122100517423')?.ill).toEqual({ eligible: true, reasons: [] });
    expect(byBarcode.get('54122100517424')?.ill?.reasons.map((r) => r.code)).toEqual(['on_loan']);
    expect(byBarcode.get('54122100517425')?.ill?.reasons.map((r) => r.en)).toEqual(['reading-room copy ("阅览") is not lent']);
  });

  it('a suspended lender makes every copy ineligible', () => {
    const suspended = testLibrary('shl', { ill: shlRule, service: { status: 'suspended', notice: { zh: '上海图书馆(暂停服务)' } } });
    const record = toBibRecord(input('marc21-cambridge-set'), { library: suspended });
    expect(record.holdings).toHaveLength(4);
    for (const holding of record.holdings) {
      expect(holding.ill?.eligible).toBe(false);
      expect(holding.ill?.reasons[0]).toEqual({ code: 'lender_suspended', zh: '出借馆暂停服务：上海图书馆(暂停服务)', en: 'lender suspended' });
    }
  });

  it('uses a holdings map given for the call over the library and format defaults', () => {
    const record = toBibRecord(input('marc21-cambridge-set'), {
      library: shl,
      holdingsMap: [{ tag: '876', barcode: 'p', status: 'j', statusFromNote: false, defaultBranch: '上海图书馆' }],
    });
    expect(record.holdings.map((h) => [h.barcode, h.branch, h.callNumber])).toEqual([
      ['54122100517423', '上海图书馆', undefined],
      ['54122100517424', '上海图书馆', undefined],
      ['54122100517425', '上海图书馆', undefined],
      ['54122100517426', '上海图书馆', undefined],
    ]);
  });

  it('warns about status texts the vocabulary does not know', () => {
    const record = toBibRecord(input('marc21-every-status'), { library: shl });
    expect(record.warnings).toEqual([
      { source: 'record', code: 'holding_status_unknown', message: 'status "下架待定" is not in the holdings vocabulary', addinfo: '99000052', library: 'shl' },
    ]);
  });

  it('has defaults for both families', () => {
    expect(defaultHoldingsMap('marc21').map((m) => m.tag)).toEqual(['852', '876', '877', '878']);
    expect(defaultHoldingsMap('cnmarc').map((m) => [m.tag, m.status, m.collectionType])).toEqual([['905', 'x', 'y']]);
  });
});

describe('a set and its volumes', () => {
  it('volume records link to the set record by its 001, with the volume designation', () => {
    const set = toBibRecord(input('set-cnmarc-record'), { library: shl });
    const volumes = ['set-cnmarc-volume-7', 'set-cnmarc-volume-8'].map((name) => toBibRecord(input(name), { library: shl }));
    for (const volume of volumes) {
      expect(volume.links).toHaveLength(1);
      expect(volume.links[0]?.id).toBe(set.localId);
      expect(volume.links[0]?.title).toBe(set.title);
    }
    expect(volumes.map((v) => v.links[0]?.volume)).toEqual(['第7卷', '第8卷']);
    expect(volumes.map((v) => v.partNumber)).toEqual(['第7卷', '第8卷']);
  });
});

describe('the shared catalogue fixtures (fixtures/catalogue)', () => {
  it('reads SHL copies from CNMARC 905 $x 状态 / $y 馆藏类型 and judges them', () => {
    const records = readMarcXml(readFileSync(join(FIXTURES, 'catalogue/cnmarc.xml'), 'utf8')).map((marc) => toBibRecord(marc, { library: shlCatalogue, format: 'cnmarc' }));
    const copies = records.flatMap((r) => r.holdings);
    expect(copies.length).toBeGreaterThan(10);
    expect(copies.every((h) => h.branch === '上海图书馆')).toBe(true);
    expect(copies.some((h) => h.statusText === '归还' && h.collectionType === '参考外借资料' && h.ill?.eligible)).toBe(true);
    expect(copies.filter((h) => h.status === 'on_loan').every((h) => h.ill?.reasons.some((r) => r.code === 'on_loan') && h.dueDate !== undefined)).toBe(true);
    expect(records.flatMap((r) => r.warnings)).toEqual([]);
  });

  it('finds exactly the ILL-eligible SHL copies the catalogue README lists', () => {
    const eligible = (file: string) =>
      readMarcXml(readFileSync(join(FIXTURES, 'catalogue', file), 'utf8'))
        .map((marc) => toBibRecord(marc, { library: shlCatalogue }))
        .flatMap((r) => r.holdings.filter((h) => h.ill?.eligible).map(() => r.localId));
    expect(eligible('marc21.xml')).toEqual(['fx21-0001', 'fx21-0004', 'fx21-0007', 'fx21-0016', 'fx21-0020']);
    expect(eligible('cnmarc.xml')).toEqual(['fxcn-0002', 'fxcn-0006', 'fxcn-0006', 'fxcn-0010', 'fxcn-0011', 'fxcn-0012', 'fxcn-0015', 'fxcn-0020', 'fxcn-0030']);
  });

  it('reads SHL copies from MARC 21 852 $z status / $x 馆藏类型', () => {
    const records = readMarcXml(readFileSync(join(FIXTURES, 'catalogue/marc21.xml'), 'utf8')).map((marc) => toBibRecord(marc, { library: shlCatalogue }));
    expect(records.every((r) => r.format === 'marc21')).toBe(true);
    const first = records[0]?.holdings ?? [];
    expect(first.map((h) => [h.volume, h.status, h.collectionType, h.ill?.eligible])).toEqual([
      ['v.7', 'available', '参考外借资料', true],
      ['v.8', 'on_loan', '参考外借资料', false],
      ['v.10', 'reading_room_only', '仅供阅览资料', false],
    ]);
  });
});
