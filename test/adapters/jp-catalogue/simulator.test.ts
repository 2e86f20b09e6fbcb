/**
 * The adapter against the simulated Japanese catalogue over real loopback sockets: the same
 * server the demo runs, so what passes here is what `npm start` shows.
 */
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { japaneseCatalogue } from '../../../adapters/jp-catalogue/sim/catalogue.ts';
import { startJpSimulator, type JpSimulator, type JpSimulatorOptions } from '../../../adapters/jp-catalogue/sim/simulator.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { author, makeAdapter, rejection, search, title } from './support.ts';

const agent = new Agent({ connect: { timeout: 1000 } });
const running: JpSimulator[] = [];

async function simulator(options: Partial<JpSimulatorOptions> = {}): Promise<JpSimulator> {
  const sim = await startJpSimulator({ records: japaneseCatalogue(), ...options });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await agent.close();
});

const ids = (records: { localId: string }[]) => records.map((r) => r.localId);

describe('Japanese catalogue adapter ↔ simulator', () => {
  let sim: JpSimulator;
  beforeAll(async () => {
    sim = await startJpSimulator({ records: japaneseCatalogue() });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers a basic title search for 中国の歴史 with its records and SHL copies', async () => {
    const result = await search(makeAdapter({ url: sim.url }, agent), title('中国の歴史'), 20);
    expect(result.hits).toBe(13);
    expect(result.diagnostics).toEqual([]);
    expect(result.records.every((r) => r.title.includes('中国の歴史') && r.languages.includes('jpn'))).toBe(true);
    expect(result.records.at(-1)?.title).toBe('明代中国の歴史');
    const [first] = result.records;
    expect(first).toMatchObject({ id: 'shl-jp:fxcn-0012', partNumber: '1', publisher: '講談社', authors: [{ name: '陳舜臣' }], charset: 'utf-8', charsetMismatch: false });
    expect(first?.holdings).toEqual([
      expect.objectContaining({ library: 'shl-jp', branch: '上海图书馆', location: '日文书库', callNumber: 'K20/C571/1/', statusText: '归还', status: 'available', collectionType: '参考外借资料', ill: { eligible: true, reasons: [] } }),
    ]);
    expect(sim.requests.at(-2)).toEqual({ path: '/jpcat/search', params: { mode: 'basic', field: 'title', term: '中国の歴史', start: '1', rows: '20' } });
  });

  it('runs several criteria as an advanced search with AND and NOT', async () => {
    const query: QueryNode = { kind: 'not', left: { kind: 'and', left: title('中国の歴史'), right: author('陳舜臣') }, right: { kind: 'yearRange', from: 1991, to: 1991 } };
    const result = await search(makeAdapter({ url: sim.url }, agent), query, 20);
    expect(result.hits).toBe(6);
    expect(result.records.map((r) => r.partNumber)).toEqual(['1', '2', '3', '4', '5', '12']);
    const request = sim.requests.filter((r) => r.path === '/jpcat/search').at(-1);
    expect(request?.params).toEqual({ mode: 'advanced', f1: 'title', q1: '中国の歴史', op2: 'AND', f2: 'author', q2: '陳舜臣', op3: 'NOT', f3: 'year', q3: '1991', start: '1', rows: '20' });
  });

  it('pages with start/rows within the catalogue maximum and keeps the order', async () => {
    const all = await search(makeAdapter({ url: sim.url }, agent), author('司馬遼太郎'), 40);
    expect(all.hits).toBe(32);
    const before = sim.requests.length;
    const page = await search(makeAdapter({ url: sim.url, maxRows: 5 }, agent), author('司馬遼太郎'), 7, 6);
    expect(ids(page.records)).toEqual(ids(all.records).slice(5, 12));
    const searches = sim.requests.slice(before).filter((r) => r.path === '/jpcat/search').map((r) => `${r.params.start}/${r.params.rows}`);
    expect(searches).toEqual(['6/5', '11/2']);
  });

  it('answers an empty result without asking for an export', async () => {
    const before = sim.requests.length;
    const result = await search(makeAdapter({ url: sim.url }, agent), title('存在しない書名'));
    expect(result).toEqual({ hits: 0, records: [], diagnostics: [] });
    expect(sim.requests.slice(before).map((r) => r.path)).toEqual(['/jpcat/search']);
  });

  it('sends terms in the query charset the catalogue expects', async () => {
    const sjisForms = await simulator({ queryCharset: 'shift_jis' });
    const result = await search(makeAdapter({ url: sjisForms.url, queryCharset: 'shift_jis' }, agent), title('中国の歴史'));
    expect(result.hits).toBe(13);
  });
});

describe('charsets', () => {
  it('reads Shift_JIS records when the library is configured shift_jis', async () => {
    const utf8 = await simulator();
    const sjis = await simulator({ charset: 'shift_jis', label: null });
    const expected = await search(makeAdapter({ url: utf8.url }, agent), author('陳舜臣'), 20);
    const result = await search(makeAdapter({ url: sjis.url, charset: 'shift_jis' }, agent), author('陳舜臣'), 20);
    expect(result.diagnostics).toEqual([]);
    expect(result.records.map((r) => [r.title, r.partNumber, r.publisher])).toEqual(expected.records.map((r) => [r.title, r.partNumber, r.publisher]));
    expect(result.records.every((r) => r.charset === 'shift_jis' && r.charsetMismatch === false)).toBe(true);
    // Holdings texts came in their JIS forms (歸還, 參考外借資料) and read as the same statuses.
    expect(result.records.flatMap((r) => r.holdings.map((h) => [h.status, h.ill?.eligible]))).toEqual(expected.records.flatMap((r) => r.holdings.map((h) => [h.status, h.ill?.eligible])));
  });

  it('flags EUC-JP records the server labels UTF-8, decoded by what they are', async () => {
    const sim = await simulator({ charset: 'euc-jp', label: 'utf-8' });
    const result = await search(makeAdapter({ url: sim.url }, agent), title('中国の歴史'), 3);
    expect(result.records.map((r) => [r.title, r.charset, r.charsetMismatch])).toEqual([
      ['中国の歴史', 'euc-jp', true], ['中国の歴史', 'euc-jp', true], ['中国の歴史', 'euc-jp', true],
    ]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ source: 'record', code: 'charset-mismatch', message: '3 record(s) labelled utf-8 but their bytes are euc-jp; decoded as euc-jp' })]);
  });

  it('lets the configured charset win over the HTTP label', async () => {
    const sim = await simulator({ charset: 'shift_jis', label: 'utf-8' });
    const result = await search(makeAdapter({ url: sim.url, charset: 'shift_jis' }, agent), title('中国の歴史'), 2);
    expect(result.records.map((r) => [r.charset, r.charsetMismatch])).toEqual([['shift_jis', false], ['shift_jis', false]]);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('failures', () => {
  it('keeps the good records of a truncated export and reports the broken one with its byte offset', async () => {
    const sim = await simulator({ fault: 'truncated' });
    const result = await search(makeAdapter({ url: sim.url }, agent), title('中国の歴史'), 5);
    expect(ids(result.records)).toEqual(['fxcn-0012', 'fxcn-0013', 'shljp-00001', 'shljp-00002']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ source: 'record', code: 'truncated' });
    expect(result.diagnostics[0]?.addinfo).toMatch(/^export of records 1-5, byte offset \d+$/);
  });

  it.each([
    ['http500', { source: 'http', code: '500' }],
    ['http429', { source: 'http', code: '429', message: 'the Japanese catalogue is limiting requests (HTTP 429); retry after 30 s' }],
    ['html', { source: 'gateway', code: 'not-jpcat' }],
    ['error-envelope', { source: 'gateway', code: 'jpcat-db-offline' }],
    ['reset', { source: 'http' }],
  ] as const)('turns %s into an error status', async (fault, diagnostic) => {
    const sim = await simulator({ fault });
    const error = await rejection(search(makeAdapter({ url: sim.url }, agent), title('中国の歴史')));
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).state).toBe('error');
    expect((error as TargetError).diagnostic).toMatchObject(diagnostic);
  });

  it('gives up on a slow catalogue after requestMs, as a timeout', async () => {
    const sim = await simulator({ latencyMs: 2000 });
    const error = await rejection(search(makeAdapter({ url: sim.url, timeouts: { connectMs: 500, requestMs: 100 } }, agent), title('中国の歴史')));
    expect(error).toMatchObject({ state: 'timeout', diagnostic: { source: 'http', code: 'headers-timeout' } });
  });

  it('stops when the fan-out aborts the search', async () => {
    const sim = await simulator({ fault: 'hang' });
    const error = await rejection(search(makeAdapter({ url: sim.url }, agent), title('中国の歴史'), 10, 1, AbortSignal.timeout(50)));
    expect(error).toMatchObject({ state: 'timeout', diagnostic: { source: 'gateway', code: 'aborted' } });
    expect(sim.requests).toHaveLength(1);
  });
});
