/**
 * The Z39.50 adapter against a real target: Index Data Zebra serving the fixture catalogue
 * (peers/zebra.ts, databases marc21 and cnmarc). Expected hits and record ids follow
 * from fixtures/catalogue (README there); the same counts are asserted with yaz-client in
 * test/peers/zebra.test.ts, so a difference here is ours, not Zebra's.
 */
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sruAdapter } from '../../../adapters/sru/index.ts';
import { z3950Adapter } from '../../../adapters/z3950/index.ts';
import type { AdapterContext, TargetAdapter } from '../../../src/adapter-api/contract.ts';
import type { LibraryConfig } from '../../../src/config/schema.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import type { BibRecord } from '../../../src/records/model.ts';
import { testLibrary } from '../../helpers/libraries.ts';
import { describePeer } from '../../peers/availability.ts';
import { startZebra, type ZebraPeer } from '../../../peers/zebra.ts';
import { expectNoOpenSockets } from './support/sockets.ts';

const t = (field: 'title' | 'author' | 'isbn' | 'issn' | 'publisher' | 'subject' | 'keyword', value: string, mode: 'words' | 'phrase' = 'words'): QueryNode => ({ kind: 'term', field, value, mode });
const years = (from?: number, to?: number): QueryNode => ({ kind: 'yearRange', ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
const ids = (prefix: string, ...numbers: number[]) => numbers.map((n) => `${prefix}-${String(n).padStart(4, '0')}`);

/** The Shanghai Library's rule (seed): only 参考外借资料 from 上海图书馆 itself; 852/905 $a carries the code SHL. */
const SHL = testLibrary('shl', {
  adapter: 'z3950',
  ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] },
  holdingsFields: [
    { tag: '852', branch: 'a', location: ['b'], barcode: 'p', status: 'z', collectionType: 'x', volume: '3', institutions: ['SHL'], branchNames: { SHL: '上海图书馆' } },
    { tag: '905', branch: 'a', location: ['c'], barcode: 'b', status: 'x', collectionType: 'y', volume: 'v', institutions: ['SHL'], branchNames: { SHL: '上海图书馆' } },
  ],
});
const PLAIN = testLibrary('zebra', { adapter: 'z3950' });

describePeer('Z39.50 adapter against Zebra (fixture catalogue)', ['zebra'], () => {
  let zebra: ZebraPeer;
  let agent: Agent;
  const open: TargetAdapter[] = [];

  beforeAll(async () => {
    zebra = await startZebra();
    agent = new Agent({ connect: { timeout: 2000 } });
  });
  afterAll(async () => {
    await agent?.close();
    await zebra?.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((a) => a.close()));
    await expectNoOpenSockets();
  });

  function context(library: LibraryConfig): AdapterContext {
    return { library, logger: silentLogger(), env: {}, httpDispatcher: () => agent };
  }

  function z(databases: string[], extra: Record<string, unknown> = {}, library = PLAIN): TargetAdapter {
    const settings = z3950Adapter.settingsSchema.parse({ host: '127.0.0.1', port: zebra.port, databases, timeouts: { connectMs: 2000, initMs: 2000, searchMs: 5000, presentMs: 5000 }, ...extra });
    const adapter = z3950Adapter.create(settings, context(library));
    open.push(adapter);
    return adapter;
  }

  const search = (adapter: TargetAdapter, query: QueryNode, count = 50) => adapter.search({ query, start: 1, count, signal: AbortSignal.timeout(10_000) });

  async function found(adapter: TargetAdapter, query: QueryNode): Promise<{ hits: number; ids: string[] }> {
    const result = await search(adapter, query);
    expect(result.diagnostics).toEqual([]);
    return { hits: result.hits, ids: result.records.map((r) => r.localId).sort() };
  }

  describe('searches by each field (Bib-1 use attributes)', () => {
    it.each<[string, QueryNode, string[]]>([
      ['title words', t('title', 'cambridge history of china'), ids('fx21', 1, 2, 3, 4, 5, 6, 7)],
      ['title phrase', t('title', 'cambridge history of china', 'phrase'), ids('fx21', 1, 2, 3, 4, 5, 6)],
      ['title right truncation', { kind: 'term', field: 'title', value: 'camb', mode: 'words', truncation: 'right' }, ids('fx21', 1, 2, 3, 4, 5, 6, 7)],
      ['title CJK from 880', t('title', '万历十五年'), ids('fx21', 9, 10)],
      ['author', t('author', 'twitchett'), ids('fx21', 1, 2, 3, 6)],
      ['author CJK from 880', t('author', '黄仁宇'), ids('fx21', 9, 10)],
      ['ISBN-10, set record lists the volume ISBNs', t('isbn', '0521243327'), ids('fx21', 1, 2)],
      ['ISBN-10 hyphenated (the client compacts it)', t('isbn', '0-521-24332-7'), ids('fx21', 1, 2)],
      // Both forms are sent, so the set record that lists only the ISBN-10 is found too.
      ['ISBN-13 (sent with its ISBN-10 form)', t('isbn', '9780521243322'), ids('fx21', 1, 2)],
      ['ISBN-10 with check digit X', t('isbn', '052105799x'), ids('fx21', 20)],
      ['ISSN', t('issn', '0021-9118'), ids('fx21', 21)],
      ['publisher', t('publisher', 'cambridge university press'), ids('fx21', 1, 2, 3, 4, 5, 6, 7)],
      ['publisher CJK', t('publisher', '中华书局'), ids('fx21', 9, 13, 30)],
      ['subject', t('subject', 'ming'), ids('fx21', 2, 3, 6, 8, 9, 10, 27, 30)],
      ['keyword', t('keyword', 'ming'), ids('fx21', 1, 2, 3, 6, 8, 9, 10, 27, 30)],
      ['year from 2000', years(2000), ids('fx21', 6, 11, 15, 18, 23, 25)],
      ['years 1980-1990', years(1980, 1990), ids('fx21', 2, 5, 8, 9, 13, 16, 19, 22, 28)],
      ['year 1982', years(1982, 1982), ids('fx21', 9, 13, 28)],
      ['title AND year', { kind: 'and', left: t('title', '万历'), right: years(1997, 1997) }, ids('fx21', 10)],
      ['title OR title phrase', { kind: 'or', left: t('title', 'hong lou meng'), right: t('title', 'wei cheng', 'phrase') }, ids('fx21', 11, 12, 24, 25)],
      ['author NOT title', { kind: 'not', left: t('author', 'fairbank'), right: t('title', 'new history') }, ids('fx21', 1, 4, 5)],
    ])('marc21: %s', async (_label, query, expected) => {
      expect(await found(z(['marc21']), query)).toEqual({ hits: expected.length, ids: expected });
    });

    it.each<[string, QueryNode, string[]]>([
      ['title words (English book, 500 uniform titles)', t('title', 'cambridge history of china'), ids('fxcn', 10, 20, 21, 22)],
      ['title CJK prefix', t('title', '万历'), ids('fxcn', 1, 2, 3)],
      ['title Japanese kana', t('title', '中国の歴史'), ids('fxcn', 12, 13)],
      ['title 史記 (no simplified folding)', t('title', '史記'), ids('fxcn', 16)],
      ['author CJK incl. the Japanese translation', t('author', '黄仁宇'), ids('fxcn', 1, 2, 3, 15, 23)],
      ['ISBN-10 hyphenated as catalogued', t('isbn', '7-108-00999-4'), ids('fxcn', 2)],
      ['ISBN-13', t('isbn', '978-7-115-16362-2'), ids('fxcn', 9)],
      ['ISSN', t('issn', '0459-1909'), ids('fxcn', 17)],
      ['publisher CJK', t('publisher', '中华书局'), ids('fxcn', 1, 3, 6, 27)],
      ['subject', t('subject', 'ming'), ids('fxcn', 10, 11)],
      ['keyword CJK', t('keyword', '黄仁宇'), ids('fxcn', 1, 2, 3, 15, 23)],
      ['year from 2000', years(2000), ids('fxcn', 3, 4, 9, 14, 19, 26, 29, 30)],
      ['year 1982', years(1982, 1982), ids('fxcn', 1, 6, 28)],
      ['title OR title', { kind: 'or', left: t('title', '红楼梦'), right: t('title', '围城') }, ids('fxcn', 4, 5)],
      ['author NOT title', { kind: 'not', left: t('author', '黄仁宇'), right: t('title', '万历') }, ids('fxcn', 15, 23)],
    ])('cnmarc: %s', async (_label, query, expected) => {
      expect(await found(z(['cnmarc'], { recordSyntax: 'unimarc' }), query)).toEqual({ hits: expected.length, ids: expected });
    });

    it('reads hit counts only when no records are asked for', async () => {
      expect(await search(z(['marc21']), t('keyword', 'ming'), 0)).toEqual({ hits: 9, records: [], diagnostics: [] });
    });

    it('an index Zebra lacks in a database is bib-1 diagnostic 114, per database', async () => {
      const err = await search(z(['marc21'], { attributeOverrides: { subject: { use: 20 } } }), t('subject', 'K248.09')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ diagnostic: { source: 'bib1', code: '114', addinfo: '20' } });
      const cn = await found(z(['cnmarc'], { attributeOverrides: { subject: { use: 20 } } }), t('subject', 'K248.09'));
      expect(cn.hits).toBe(5);
    });
  });

  describe('records', () => {
    it('usmarc from marc21: MARC 21 mapping with the 880 vernacular forms intact', async () => {
      const result = await search(z(['marc21'], { recordSyntax: 'usmarc' }), t('isbn', '7108009994'));
      expect(result.records).toHaveLength(1);
      const record = result.records[0]!;
      expect(record).toMatchObject({ id: 'zebra:fx21-0010', library: 'zebra', format: 'marc21', title: 'Wan li shi wu nian', vernacularTitle: '万历十五年', year: 1997 });
      expect(record.authors.map((a) => a.vernacular)).toContain('黄仁宇');
      expect(record.warnings).toEqual([]);
    });

    it('unimarc from cnmarc: read by the UNIMARC mapper, CJK and kana intact', async () => {
      const adapter = z(['cnmarc'], { recordSyntax: 'unimarc' });
      const book = (await search(adapter, t('isbn', '9787115163622'))).records[0]!;
      expect(book).toMatchObject({ localId: 'fxcn-0009', format: 'cnmarc', title: '修改代码的艺术', publisher: '人民邮电出版社', year: 2007, languages: ['chi'] });
      expect(book.isbns).toEqual([expect.objectContaining({ original: '978-7-115-16362-2', isbn13: '9787115163622', valid: true })]);
      expect(book.authors.map((a) => a.name)).toEqual(['Feathers, Michael C.', '刘未鹏']);
      expect(book.classifications).toContainEqual(expect.objectContaining({ scheme: 'clc', value: 'TP311.52' }));
      const japanese = (await search(adapter, t('title', '中国の歴史'))).records;
      expect(japanese.map((r) => [r.localId, r.title, r.languages])).toEqual([
        ['fxcn-0012', '中国の歴史', ['jpn']],
        ['fxcn-0013', '中国の歴史', ['jpn']],
      ]);
    });

    it('pages through Present in chunks and honours start', async () => {
      const adapter = z(['marc21'], { presentChunk: 2 });
      const chunks: string[] = [];
      const all = await adapter.search({ query: t('keyword', 'ming'), start: 1, count: 9, signal: AbortSignal.timeout(10_000), onProgress: (p) => p.phase === 'fetching' && chunks.push(`${p.fetched}/${p.total}`) });
      expect(chunks).toEqual(['2/9', '4/9', '6/9', '8/9', '9/9']);
      const tail = await adapter.search({ query: t('keyword', 'ming'), start: 8, count: 5, signal: AbortSignal.timeout(10_000) });
      expect(tail.records.map((r) => r.localId)).toEqual(all.records.slice(7).map((r) => r.localId));
    });

    it('searches both databases at once, each record read in its own format', async () => {
      const adapter = z(['marc21', 'cnmarc']);
      expect(await found(adapter, t('isbn', '7108009994'))).toEqual({ hits: 2, ids: ['fx21-0010', 'fxcn-0002'] });
      expect((await found(adapter, t('title', 'cambridge history of china', 'phrase'))).hits).toBe(10);
      const both = await search(adapter, t('author', '黄仁宇'));
      expect(both.hits).toBe(7);
      expect(both.records.map((r) => `${r.localId}:${r.format}`).sort()).toEqual([...ids('fx21', 9, 10).map((id) => `${id}:marc21`), ...ids('fxcn', 1, 2, 3, 15, 23).map((id) => `${id}:cnmarc`)]);
    });
  });

  describe('OPAC holdings (recordSyntax opac)', () => {
    const copies = (record: BibRecord | undefined) =>
      (record?.holdings ?? []).map((h) => ({ branch: h.branch, barcode: h.barcode, status: h.status, statusText: h.statusText, type: h.collectionType, volume: h.volume, due: h.dueDate, eligible: h.ill?.eligible }));

    it('MARC 21: the seed SHL copy 54122100517423 (归还, 参考外借资料) is ILL-eligible under the SHL rule', async () => {
      const result = await search(z(['marc21'], { recordSyntax: 'opac' }, SHL), t('isbn', '0521243327'));
      const bySet = result.records.find((r) => r.localId === 'fx21-0001');
      expect(bySet?.title).toBe('The Cambridge history of China');
      // Only the library's own copies (institutions: SHL), 馆址 named as the rule names it.
      expect(copies(bySet)).toEqual([
        { branch: '上海图书馆', barcode: '54122100517423', status: 'available', statusText: '归还', type: '参考外借资料', volume: 'v.7', due: undefined, eligible: true },
        { branch: '上海图书馆', barcode: '54122100517431', status: 'on_loan', statusText: '借出-应还日期：2026-12-10', type: '参考外借资料', volume: 'v.8', due: '2026-12-10', eligible: false },
        { branch: '上海图书馆', barcode: '54122100388012', status: 'reading_room_only', statusText: '阅览', type: '仅供阅览资料', volume: 'v.10', due: undefined, eligible: false },
      ]);
      const seed = bySet!.holdings[0]!;
      expect(seed).toMatchObject({ library: 'shl', location: '综合阅览室-1楼', callNumber: 'K20/C178/v.7/', loanable: true, ill: { eligible: true, reasons: [] } });
      // Near miss: on shelf but 普通外借资料.
      const part = result.records.find((r) => r.localId === 'fx21-0002');
      expect(copies(part)).toEqual([{ branch: '上海图书馆', barcode: '54122100517458', status: 'available', statusText: '归还', type: '普通外借资料', volume: undefined, due: undefined, eligible: false }]);
      expect(part!.holdings[0]!.ill?.reasons.map((r) => r.code)).toEqual(['not_in_rule']);
    });

    it('CNMARC: 905 copies with status and type; without the code mapping SHL is out of the rule', async () => {
      const shi = await search(z(['cnmarc'], { recordSyntax: 'opac' }, SHL), t('isbn', '7-101-00304-4'));
      expect(shi.records[0]).toMatchObject({ localId: 'fxcn-0006', format: 'cnmarc', title: '史记' });
      expect(copies(shi.records[0]).map((c) => [c.volume, c.status, c.type, c.eligible])).toEqual([
        ['第1册', 'available', '参考外借资料', true],
        ['第2册', 'available', '参考外借资料', true],
      ]);
      const inProcess = await search(z(['cnmarc'], { recordSyntax: 'opac' }, SHL), t('isbn', '978-7-02-005034-5'));
      expect(copies(inProcess.records[0]).map((c) => [c.status, c.statusText, c.eligible])).toEqual([['in_process', '编目中', false]]);
      const unmapped = testLibrary('shl', { adapter: 'z3950', ill: { collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] } });
      const raw = await search(z(['cnmarc'], { recordSyntax: 'opac' }, unmapped), t('isbn', '7-108-00999-4'));
      expect(raw.records[0]!.holdings.map((h) => h.branch)).toEqual(['SHL', 'SHL', 'BUPT', 'BNU']);
      expect(raw.records[0]!.holdings[0]!.ill?.reasons.map((r) => r.code)).toEqual(['branch_out_of_scope']);
    });
  });

  describe('the same query over Z39.50 and SRU finds the same records', () => {
    const queries: [string, QueryNode][] = [
      ['title words', t('title', 'cambridge history of china')],
      ['title phrase', t('title', 'cambridge history of china', 'phrase')],
      ['CJK title', t('title', '万历十五年')],
      ['CJK author', t('author', '黄仁宇')],
      ['CJK publisher', t('publisher', '中华书局')],
      ['ISBN', t('isbn', '0521243327')],
      ['ISSN', t('issn', '0021-9118')],
      ['subject', t('subject', 'ming')],
      ['keyword', t('keyword', 'ming')],
      ['year range', years(1980, 1990)],
      ['truncation', { kind: 'term', field: 'title', value: 'camb', mode: 'words', truncation: 'right' }],
      ['boolean', { kind: 'and', left: t('title', '万历'), right: years(1997, 1997) }],
    ];

    it.each(queries)('%s', async (_label, query) => {
      const sru = sruAdapter.create(sruAdapter.settingsSchema.parse({ url: zebra.sruUrl('marc21'), version: '1.2', recordSchema: 'marcxml', maxRecords: 4 }), context(PLAIN));
      open.push(sru);
      const [viaZ, viaSru] = await Promise.all([search(z(['marc21']), query), search(sru, query)]);
      expect(viaZ.hits).toBeGreaterThan(0);
      expect(viaSru.diagnostics).toEqual([]);
      const view = (records: BibRecord[]) => records.map((r) => `${r.localId} ${r.title} ${r.vernacularTitle ?? ''}`).sort();
      expect({ hits: viaSru.hits, records: view(viaSru.records) }).toEqual({ hits: viaZ.hits, records: view(viaZ.records) });
    });
  });
});
