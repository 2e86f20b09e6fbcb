/**
 * The adapter against the iPac simulator over real sockets: the seed's search on a GBK
 * GetXML site, an HTML site that insists on sessions, SPL's HTML-first quirk, the
 * single-hit redirect with holdings over several branch pages, politeness, budgets, faults.
 */
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startIpacSimulator, type IpacSimulator, type IpacSiteOptions } from '../../../adapters/ipac/sim/simulator.ts';
import type { BibRecord } from '../../../src/records/model.ts';
import type { AdapterProgress } from '../../../src/adapter-api/progress.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import { author, ipacAdapterFor, search, title } from './support/adapter.ts';

const SEED = 'The Cambridge History of China';
let agent: Agent;
const sims: IpacSimulator[] = [];

beforeAll(() => {
  agent = new Agent();
});
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await agent.close();
});

async function site(options: IpacSiteOptions): Promise<IpacSimulator> {
  const sim = await startIpacSimulator(options);
  sims.push(sim);
  return sim;
}

async function failure(promise: Promise<unknown>): Promise<TargetError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TargetError);
  return outcome as TargetError;
}

const param = (sim: IpacSimulator, i: number, name: string) => sim.requests[i]?.params.find(([k]) => k === name)?.[1];
const v7 = (record: BibRecord | undefined) => record?.holdings.find((h) => h.barcode === '54122100517423');

describe('a GBK site with GetXML (the demo SHL)', () => {
  it('finds the seed\'s 20 hits, hands out briefs first, then full records with the v.7 copy ILL-eligible', async () => {
    const sim = await site({ charset: 'gbk' });
    const adapter = ipacAdapterFor(sim.url, { charset: 'gbk' }, agent);
    const progress: AdapterProgress[] = [];
    const result = await adapter.search({ query: title(SEED), start: 1, count: 20, signal: new AbortController().signal, onProgress: (p) => progress.push(p) });
    expect(result.hits).toBe(20);
    // The hit list gives all 20 briefs at once; the full displays then complete them.
    expect(progress).toEqual([{ phase: 'searching' }, { phase: 'fetching', fetched: 20, total: 20 }]);
    const set = result.records.find((r) => r.localId === '0563121');
    expect(v7(set)).toMatchObject({ branch: '上海图书馆', location: '综合阅览室-1楼', callNumber: 'K20/C178/v.7/', statusText: '归还', collectionType: '参考外借资料', ill: { eligible: true } });
    expect(set?.holdings.filter((h) => !h.ill?.eligible).every((h) => (h.ill?.reasons.length ?? 0) > 0)).toBe(true);
    expect(result.records.every((r) => r.charset === 'gbk')).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it('writes Chinese terms as GBK in the URL, and a single hit comes back as the full display', async () => {
    const sim = await site({ charset: 'gbk' });
    const result = await search(ipacAdapterFor(sim.url, { charset: 'gbk' }, agent), title('万历十五年'));
    expect(param(sim, 0, 'term')).toBe('万历十五年');
    expect(result.hits).toBe(1);
    expect(result.records[0]).toMatchObject({ title: '万历十五年', publisher: '生活·读书·新知三联书店', year: 1997, languages: ['chi'] });
    expect(result.records[0]?.holdings.map((h) => [h.barcode, h.ill?.eligible])).toEqual([
      ['54122100712345', true],
      ['54122100712353', false],
      ['54122300071248', false],
    ]);
    expect(sim.requests).toHaveLength(1);
  });

  it('narrows a year limit locally and says so', async () => {
    const sim = await site({ charset: 'gbk' });
    const query = { kind: 'and' as const, left: title(SEED), right: { kind: 'yearRange' as const, from: 1978, to: 1988 } };
    const result = await search(ipacAdapterFor(sim.url, { charset: 'gbk', fullRecords: { max: 0, budgetMs: 1000 } }, agent), query);
    expect(result.hits).toBe(20);
    expect(result.records.map((r) => r.year).every((y) => y !== undefined && y >= 1978 && y <= 1988)).toBe(true);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['year-filtered-locally']);
  });
});

describe('an HTML-only site that wants a session (format auto)', () => {
  it('takes the session from the start page, then pages through the hit list with npp/page', async () => {
    const sim = await site({ charset: 'utf-8', xml: false, sessions: 'required' });
    const adapter = ipacAdapterFor(sim.url, { pageSize: 5, fullRecords: { max: 2, budgetMs: 3000 } }, agent);
    const result = await search(adapter, title(SEED), { start: 4, count: 7 });
    expect(result.hits).toBe(20);
    expect(result.records.map((r) => r.localId)).toEqual(['0600101', '0600102', '0600103', '0600105', '0600106', '0600107', '0600108']);
    expect(result.records[0]?.holdings.map((h) => h.barcode)).toEqual(['54122100601010']);
    expect(result.records[2]?.holdings).toEqual([]);
    const session = param(sim, 1, 'session');
    expect(param(sim, 0, 'session')).toBeUndefined();
    expect(session).toMatch(/^\d+U7SC5\.\d+$/);
    expect(sim.requests.slice(1).every((r) => r.params.some(([k, v]) => k === 'session' && v === session))).toBe(true);
    expect(sim.requests.filter((r) => r.params.some(([k]) => k === 'index')).map((r) => r.params.find(([k]) => k === 'page')?.[1])).toEqual(['1', '1', '1', '2']);
  });

  it('follows the single-hit redirect and reads the copies on every 其它馆址 page', async () => {
    const sim = await site({ charset: 'gbk', xml: false, branchPageSize: 4 });
    const result = await search(ipacAdapterFor(sim.url, { format: 'html', charset: 'gbk' }, agent), author('Fairbank Mote'));
    expect(result.hits).toBe(1);
    const record = result.records[0];
    expect(record?.authors.map((a) => a.name)).toEqual(['Twitchett, Denis Crispin', 'Fairbank, John King', 'Mote, Frederick W.']);
    expect(record?.holdings.map((h) => h.branch)).toEqual(['上海图书馆', '上海图书馆', '上海图书馆', '普陀分馆', '静安区图书馆(新闸路)', '黄浦分馆']);
    expect(v7(record)?.ill?.eligible).toBe(true);
    expect(sim.requests.filter((r) => r.params.some(([k, v]) => k === 'view' && v === 'items'))).toHaveLength(2);
  });
});

describe('GetXML quirks and politeness', () => {
  it("SPL's first-request-HTML: asks once more and keeps reading XML", async () => {
    const sim = await site({ xmlFirstHtml: true });
    const result = await search(ipacAdapterFor(sim.url, { fullRecords: { max: 1, budgetMs: 3000 } }, agent), author('黄仁宇'));
    expect(result.hits).toBe(2);
    expect(result.records[0]?.holdings).toHaveLength(3);
    expect(sim.requests.map((r) => r.params.some(([k, v]) => k === 'GetXML' && v === 'true'))).toEqual([true, true, true]);
  });

  it('keeps to the concurrency cap while fetching twenty full records', async () => {
    const sim = await site({ latencyMs: 20 });
    const result = await search(ipacAdapterFor(sim.url, { politeness: { requestsPerSecond: 100, burst: 20, concurrency: 2 } }, agent), title(SEED));
    expect(result.records.filter((r) => r.holdings.length > 0)).toHaveLength(20);
    expect(sim.requests).toHaveLength(21);
    expect(sim.peakConcurrency).toBe(2);
  });

  it('leaves hits brief when the full-record budget runs out, and says how many', async () => {
    const sim = await site({ latencyMs: 100 });
    const adapter = ipacAdapterFor(sim.url, { politeness: { requestsPerSecond: 100, burst: 20, concurrency: 1 }, fullRecords: { max: 20, budgetMs: 250 } }, agent);
    const result = await search(adapter, title(SEED));
    expect(result.records).toHaveLength(20);
    expect(result.records.at(-1)?.holdings).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['full-records-partial']);
  });
});

describe('faults become clear TargetErrors', () => {
  it.each([
    ['http500', 'http', '500', 'error'],
    ['rate-limit', 'http', '429', 'error'],
    ['unavailable', 'http', '503', 'error'],
    ['login', 'gateway', 'login-required', 'error'],
    ['truncated', 'gateway', 'bad-xml', 'error'],
    ['reset', 'http', 'UND_ERR_SOCKET', 'error'],
  ] as const)('%s', async (fault, source, code, state) => {
    const sim = await site({ fault });
    const error = await failure(search(ipacAdapterFor(sim.url, {}, agent), title(SEED)));
    expect({ source: error.diagnostic.source, code: error.diagnostic.code, state: error.state }).toEqual({ source, code, state });
    if (fault === 'rate-limit') expect(error.diagnostic.message).toContain('retry after 120 s');
  });

  it('a page slower than requestMs is a headers timeout', async () => {
    const sim = await site({ latencyMs: 1500 });
    const error = await failure(search(ipacAdapterFor(sim.url, { timeouts: { connectMs: 1000, requestMs: 200 } }, agent), title(SEED)));
    expect(error.state).toBe('timeout');
    expect(error.diagnostic.code).toBe('headers-timeout');
  });

  it('an aborted search stops at once', async () => {
    const sim = await site({ fault: 'hang' });
    const controller = new AbortController();
    const pending = search(ipacAdapterFor(sim.url, {}, agent), title(SEED), { signal: controller.signal });
    controller.abort(new Error('client went away'));
    const error = await failure(pending);
    expect(error.diagnostic.code).toBe('aborted');
  });

  it('a changed holdings layout keeps the records and names the missing column', async () => {
    const sim = await site({ fault: 'layout-drift' });
    const result = await search(ipacAdapterFor(sim.url, { fullRecords: { max: 2, budgetMs: 3000 } }, agent), title(SEED));
    expect(result.records).toHaveLength(20);
    expect(result.records[0]?.holdings).toEqual([]);
    expect(result.records[0]?.warnings[0]).toMatchObject({ code: 'layout-changed', addinfo: '状态' });
    expect(result.diagnostics.filter((d) => d.code === 'layout-changed')).toHaveLength(2);
    expect(result.diagnostics[0]?.message).toContain('no column "状态" (columns found: 馆址, 馆藏地, 索书号, 流通状况');
  });

  it('GBK served as UTF-8 is read as GB18030 with a warning', async () => {
    const sim = await site({ fault: 'wrong-charset' });
    const result = await search(ipacAdapterFor(sim.url, { fullRecords: { max: 0, budgetMs: 1000 } }, agent), author('黄仁宇'));
    expect(result.records.map((r) => r.title)).toEqual(['万历十五年', '中国大历史']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['charset-mismatch']);
  });
});
