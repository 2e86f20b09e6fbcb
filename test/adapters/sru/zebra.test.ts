/**
 * The SRU adapter against a real server: Index Data Zebra's SRU front end over the fixture
 * catalogue (peers/zebra.ts). CQL goes through Zebra's cql2pqf mapping
 * (peers/zebra/cql2pqf.txt); expected records follow from fixtures/catalogue/README.md.
 */
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sruAdapter } from '../../../adapters/sru/index.ts';
import type { TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { testLibrary } from '../../helpers/libraries.ts';
import { describePeer } from '../../peers/availability.ts';
import { startZebra, type ZebraPeer } from '../../../peers/zebra.ts';

type Field = 'title' | 'author' | 'isbn' | 'issn' | 'publisher' | 'subject' | 'keyword';
const t = (field: Field, value: string, mode: 'words' | 'phrase' = 'words'): QueryNode => ({ kind: 'term', field, value, mode });
const years = (from: number, to?: number): QueryNode => ({ kind: 'yearRange', from, ...(to === undefined ? {} : { to }) });
const ids = (prefix: string, ...numbers: number[]) => numbers.map((n) => `${prefix}-${String(n).padStart(4, '0')}`);

async function failure(p: Promise<unknown>): Promise<TargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetError);
  return err as TargetError;
}

describePeer('SRU adapter against Zebra (fixture catalogue)', ['zebra'], () => {
  let zebra: ZebraPeer;
  let agent: Agent;
  /** Every HTTP request the adapters made, by query string (the dispatcher is wrapped to see them). */
  const sent: URLSearchParams[] = [];
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    zebra = await startZebra();
    agent = new Agent({ connect: { timeout: 2000 } });
    dispatcher = agent.compose((dispatch) => (options, handler) => {
      sent.push(new URL(String(options.path), 'http://zebra').searchParams);
      return dispatch(options, handler);
    });
  });
  afterAll(async () => {
    await agent?.close();
    await zebra?.stop();
  });

  function sru(db: string, extra: Record<string, unknown> = {}): TargetAdapter {
    const settings = sruAdapter.settingsSchema.parse({ url: zebra.sruUrl(db), version: '1.2', recordSchema: 'marcxml', timeouts: { connectMs: 2000, requestMs: 5000 }, ...extra });
    return sruAdapter.create(settings, { library: testLibrary('zebra', { adapter: 'sru' }), logger: silentLogger(), env: {}, httpDispatcher: () => dispatcher });
  }

  const search = (adapter: TargetAdapter, query: QueryNode, count = 50) => adapter.search({ query, start: 1, count, signal: AbortSignal.timeout(10_000) });

  async function found(adapter: TargetAdapter, query: QueryNode): Promise<{ hits: number; ids: string[] }> {
    const result = await search(adapter, query);
    expect(result.diagnostics).toEqual([]);
    return { hits: result.hits, ids: result.records.map((r) => r.localId).sort() };
  }

  it.each<[string, string, QueryNode, string[]]>([
    ['marc21', 'title words', t('title', 'cambridge history of china'), ids('fx21', 1, 2, 3, 4, 5, 6, 7)],
    ['marc21', 'title phrase', t('title', 'cambridge history of china', 'phrase'), ids('fx21', 1, 2, 3, 4, 5, 6)],
    ['marc21', 'author', t('author', 'twitchett'), ids('fx21', 1, 2, 3, 6)],
    ['marc21', 'ISBN-10', t('isbn', '0521243327'), ids('fx21', 1, 2)],
    // Both forms are sent, so the set record that lists only the ISBN-10 is found too.
    ['marc21', 'ISBN-13 (sent with its ISBN-10 form)', t('isbn', '9780521243322'), ids('fx21', 1, 2)],
    ['marc21', 'ISSN', t('issn', '0021-9118'), ids('fx21', 21)],
    ['marc21', 'publisher', t('publisher', 'cambridge university press'), ids('fx21', 1, 2, 3, 4, 5, 6, 7)],
    ['marc21', 'subject', t('subject', 'ming'), ids('fx21', 2, 3, 6, 8, 9, 10, 27, 30)],
    ['marc21', 'keyword', t('keyword', 'ming'), ids('fx21', 1, 2, 3, 6, 8, 9, 10, 27, 30)],
    ['marc21', 'year range', years(1980, 1990), ids('fx21', 2, 5, 8, 9, 13, 16, 19, 22, 28)],
    ['marc21', 'CJK title from 880', t('title', '万历'), ids('fx21', 9, 10)],
    ['cnmarc', 'CJK title', t('title', '万历十五年'), ids('fxcn', 1, 2, 3)],
    ['cnmarc', 'CJK author', t('author', '黄仁宇'), ids('fxcn', 1, 2, 3, 15, 23)],
    ['cnmarc', 'ISBN hyphenated as catalogued', t('isbn', '7-108-00999-4'), ids('fxcn', 2)],
    ['cnmarc', 'ISSN', t('issn', '0459-1909'), ids('fxcn', 17)],
    ['cnmarc', 'CJK publisher', t('publisher', '中华书局'), ids('fxcn', 1, 3, 6, 27)],
    ['cnmarc', 'Japanese kana title', t('title', '中国の歴史'), ids('fxcn', 12, 13)],
    ['cnmarc', 'year from 2000', years(2000), ids('fxcn', 3, 4, 9, 14, 19, 26, 29, 30)],
    ['cnmarc', 'boolean', { kind: 'and', left: t('title', '万历'), right: years(1997, 1997) }, ids('fxcn', 2)],
  ])('%s: %s', async (db, _label, query, expected) => {
    expect(await found(sru(db), query)).toEqual({ hits: expected.length, ids: expected });
  });

  it('pages with startRecord/maximumRecords across several requests', async () => {
    sent.length = 0;
    const adapter = sru('marc21', { maxRecords: 2 });
    const fetched: string[] = [];
    const result = await adapter.search({ query: t('keyword', 'ming'), start: 1, count: 7, signal: AbortSignal.timeout(10_000), onProgress: (p) => p.phase === 'fetching' && fetched.push(`${p.fetched}/${p.total}`) });
    expect(result.hits).toBe(9);
    expect(fetched).toEqual(['2/7', '4/7', '6/7', '7/7']);
    expect(sent.map((p) => `${p.get('startRecord')}/${p.get('maximumRecords')}`)).toEqual(['1/2', '3/2', '5/2', '7/1']);
    expect(new Set(result.records.map((r) => r.localId)).size).toBe(7);
    // A later window continues where this one stopped.
    const rest = await adapter.search({ query: t('keyword', 'ming'), start: 8, count: 10, signal: AbortSignal.timeout(10_000) });
    expect(rest.records.map((r) => r.localId).filter((id) => result.records.some((r) => r.localId === id))).toEqual([]);
    expect(rest.records).toHaveLength(2);
  });

  it('SRU 1.1, 1.2 and 2.0 give the same records, CJK intact', async () => {
    const views: string[][] = [];
    for (const version of ['1.1', '1.2', '2.0']) {
      sent.length = 0;
      const result = await search(sru('cnmarc', { version }), t('author', '黄仁宇'));
      expect(sent[0]?.get('version')).toBe(version);
      expect(result.diagnostics).toEqual([]);
      views.push(result.records.map((r) => `${r.localId} ${r.format} ${r.title}`).sort());
    }
    expect(views[0]).toEqual(['fxcn-0001 cnmarc 万历十五年', 'fxcn-0002 cnmarc 万历十五年', 'fxcn-0003 cnmarc 万历十五年', 'fxcn-0015 cnmarc 万暦十五年', 'fxcn-0023 cnmarc 中国大历史']);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
  });

  it('zero hits is an empty result, not an error', async () => {
    expect(await search(sru('marc21'), t('title', 'zyxwvut'))).toEqual({ hits: 0, records: [], diagnostics: [] });
  });

  it('an unknown database (HTTP 404 with HTML) is an error for that library', async () => {
    const err = await failure(search(sru('nosuchdb'), t('title', 'ming')));
    expect(err.state).toBe('error');
    expect(err.diagnostic).toMatchObject({ source: 'http', code: '404', addinfo: expect.stringContaining('/nosuchdb') });
  });

  it('an index missing from Zebra’s cql2pqf comes back as the SRU diagnostic, URI kept', async () => {
    const adapter = sru('marc21', { cql: { indexes: { subject: 'dc.coverage' } } });
    const err = await failure(search(adapter, t('subject', 'ming')));
    // Zebra names no index in <details>, so the message is all there is beside the URI.
    expect(err.diagnostic).toEqual({ source: 'srw', code: '16', uri: 'info:srw/diagnostic/1/16', message: 'Unsupported index' });
  });
});
