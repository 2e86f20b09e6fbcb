import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sruAdapter } from '../../../adapters/sru/index.ts';
import { sruSettingsSchema } from '../../../adapters/sru/settings.ts';
import { startSruSimulator, type SruSimulator } from '../../../adapters/sru/sim/simulator.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';
import { testLibrary } from '../../helpers/libraries.ts';

const ORIGIN = 'http://sru.example.org';
const title = (value: string): QueryNode => ({ kind: 'term', field: 'title', value, mode: 'words' });

function marc(id: string, text: string): string {
  return `<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">${id}</controlfield><controlfield tag="008">880101s1988    enk           000 0 eng d</controlfield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">${text}</subfield></datafield></record>`;
}

function response(total: number, records: string[], start = 1, extra = ''): string {
  const recs = records.map((r, i) => `<zs:record><zs:recordSchema>info:srw/schema/1/marcxml-v1.1</zs:recordSchema><zs:recordPacking>xml</zs:recordPacking><zs:recordData>${r}</zs:recordData><zs:recordPosition>${start + i}</zs:recordPosition></zs:record>`).join('');
  return `<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version><zs:numberOfRecords>${total}</zs:numberOfRecords>${recs ? `<zs:records>${recs}</zs:records>` : ''}${extra}</zs:searchRetrieveResponse>`;
}

describe('SRU adapter with a mocked server', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  const adapter = (settings: Record<string, unknown> = {}, env: Record<string, string> = {}) =>
    sruAdapter.create(sruSettingsSchema.parse({ url: `${ORIGIN}/lcdb`, ...settings }), {
      library: testLibrary('loc'),
      httpDispatcher: () => agent,
      logger: silentLogger(),
      env,
    });
  const search = (a: ReturnType<typeof adapter>, query: QueryNode, count = 10, signal = new AbortController().signal) => a.search({ query, start: 1, count, signal });

  it('always sends version, CQL, startRecord, maximumRecords and the record schema', async () => {
    let seen: URLSearchParams | undefined;
    agent.get(ORIGIN).intercept({ path: (p) => { seen = new URL(p, ORIGIN).searchParams; return p.startsWith('/lcdb?'); } }).reply(200, response(1, [marc('1', 'Ming')]), { headers: { 'content-type': 'text/xml' } });
    const result = await search(adapter({ version: '1.1' }), title('万历 "十五年"'), 5);
    expect(result.hits).toBe(1);
    expect(result.records[0]).toMatchObject({ id: 'loc:1', library: 'loc', title: 'Ming' });
    expect(Object.fromEntries(seen!)).toEqual({
      operation: 'searchRetrieve', version: '1.1', query: 'dc.title all "万历 \\"十五年\\""', startRecord: '1', maximumRecords: '5', recordSchema: 'marcxml', recordPacking: 'xml',
    });
  });

  it('pages with startRecord until it has what was asked, using the server-side maximum per request', async () => {
    // MockAgent may test a path predicate more than once: record what was answered instead.
    const starts: string[] = [];
    const pool = agent.get(ORIGIN);
    for (const start of [1, 3, 5]) {
      pool.intercept({ path: (p) => new URL(p, ORIGIN).searchParams.get('startRecord') === String(start) }).reply((options) => {
        const s = new URL(String(options.path), ORIGIN).searchParams;
        starts.push(`${s.get('startRecord')}/${s.get('maximumRecords')}`);
        return { statusCode: 200, data: response(5, [marc(`r${start}`, 'A'), marc(`r${start + 1}`, 'B')].slice(0, start === 5 ? 1 : 2), start) };
      });
    }
    const result = await search(adapter({ maxRecords: 2 }), title('history'), 10);
    expect(starts).toEqual(['1/2', '3/2', '5/2']);
    expect(result.hits).toBe(5);
    expect(result.records.map((r) => r.localId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('count 0 asks for the count only', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => new URL(p, ORIGIN).searchParams.get('maximumRecords') === '0' }).reply(200, response(1234, []));
    expect(await search(adapter(), title('China'), 0)).toMatchObject({ hits: 1234, records: [] });
  });

  it('turns a fatal SRU diagnostic into a TargetError keeping its URI', async () => {
    agent.get(ORIGIN).intercept({ path: () => true }).reply(200, response(0, [], 1, '<zs:diagnostics><d:diagnostic xmlns:d="http://www.loc.gov/zing/srw/diagnostic/"><d:uri>info:srw/diagnostic/1/16</d:uri><d:details>dc.title</d:details><d:message>Unsupported index</d:message></d:diagnostic></zs:diagnostics>'));
    await expect(search(adapter(), title('x'))).rejects.toMatchObject({ diagnostic: { source: 'srw', code: '16', uri: 'info:srw/diagnostic/1/16', addinfo: 'dc.title' } });
  });

  it('reads a configured no-hits diagnostic (NDL) as zero hits', async () => {
    agent.get(ORIGIN).intercept({ path: () => true }).reply(200, response(0, [], 1, '<zs:diagnostics><diagnostic><uri>info:srw/diagnostic/1/1</uri><message>Record does not exit</message></diagnostic></zs:diagnostics>'));
    const result = await search(adapter({ zeroHitDiagnostics: [{ uri: 'info:srw/diagnostic/1/1', message: 'Record does not ex' }] }), title('x'));
    expect(result).toEqual({ hits: 0, records: [], diagnostics: [] });
  });

  it('keeps a surrogate diagnostic and an unreadable record as warnings beside the good records', async () => {
    const bad = '<zs:record><zs:recordSchema>info:srw/schema/1/diagnostics-v1.1</zs:recordSchema><zs:recordData><diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>info:srw/diagnostic/1/64</uri><message>Record temporarily unavailable</message></diagnostic></zs:recordData><zs:recordPosition>2</zs:recordPosition></zs:record>';
    const xml = response(3, [marc('ok1', 'First')]).replace('</zs:records>', `${bad}<zs:record><zs:recordSchema>dc</zs:recordSchema><zs:recordData><srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-schema"/></zs:recordData><zs:recordPosition>3</zs:recordPosition></zs:record></zs:records>`);
    agent.get(ORIGIN).intercept({ path: () => true }).reply(200, xml);
    const result = await search(adapter(), title('x'), 3);
    expect(result.records.map((r) => r.localId)).toEqual(['ok1']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ source: 'srw', code: '64', uri: 'info:srw/diagnostic/1/64', addinfo: 'record 2' }),
      expect.objectContaining({ source: 'record', code: 'not-marc' }),
    ]);
  });

  it.each([
    ['HTTP 500', (i: ReturnType<MockAgent['get']>) => i.intercept({ path: () => true }).reply(500, 'oops'), { source: 'http', code: '500' }],
    ['an HTML login page', (i: ReturnType<MockAgent['get']>) => i.intercept({ path: () => true }).reply(200, '<!DOCTYPE html><html><body>请登录</body></html>', { headers: { 'content-type': 'text/html' } }), { code: 'not-sru' }],
    ['truncated XML', (i: ReturnType<MockAgent['get']>) => i.intercept({ path: () => true }).reply(200, response(1, [marc('1', 'x')]).slice(0, 150)), { code: 'bad-xml' }],
    ['a connection reset', (i: ReturnType<MockAgent['get']>) => i.intercept({ path: () => true }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), { source: 'http', code: 'ECONNRESET' }],
    ['no numberOfRecords', (i: ReturnType<MockAgent['get']>) => i.intercept({ path: () => true }).reply(200, '<searchRetrieveResponse/>'), { code: 'bad-sru' }],
  ])('turns %s into a TargetError', async (_name, setup, diagnostic) => {
    setup(agent.get(ORIGIN));
    const error = await search(adapter(), title('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).diagnostic).toMatchObject(diagnostic);
  });

  it('never puts credentials into diagnostics', async () => {
    let seen: URLSearchParams | undefined;
    agent.get(ORIGIN).intercept({ path: (p) => { seen = new URL(p, ORIGIN).searchParams; return true; } }).reply(503, 'busy');
    const error = (await search(adapter({ credentials: { userEnv: 'SRU_USER', passwordEnv: 'SRU_PASS' } }, { SRU_USER: 'reader', SRU_PASS: 's3cret' }), title('x')).catch((e: unknown) => e)) as TargetError;
    expect(seen?.get('x-password')).toBe('s3cret');
    expect(JSON.stringify(error.diagnostic)).not.toContain('s3cret');
    expect(error.diagnostic.addinfo).toContain(`${ORIGIN}/lcdb`);
  });

  it('reports a query the server cannot express as a diagnostic of that library', async () => {
    const error = (await search(adapter({ cql: { indexes: { subject: null } } }), { kind: 'term', field: 'subject', value: 'China', mode: 'words' }).catch((e: unknown) => e)) as TargetError;
    expect(error.diagnostic).toMatchObject({ source: 'srw', code: '16' });
  });
});

describe('SRU adapter against the simulated library (real sockets)', () => {
  let sim: SruSimulator;
  beforeEach(async () => {
    sim = await startSruSimulator({ libraries: [{ id: 'shl', database: 'shl', branchName: '上海图书馆', institution: 'SHL', share: 1, latencyMs: 0, fault: 'none' }], catalogue: loadCatalogue() });
  });
  afterEach(async () => {
    await sim.close();
  });

  it.each(['1.1', '1.2', '2.0'] as const)('SRU %s: finds the Cambridge History v.7 with the seed copy eligible for ILL', async (version) => {
    const { Agent } = await import('undici');
    const agent = new Agent();
    const library = testLibrary('shl', { name: { zh: '上海图书馆', en: 'Shanghai Library' }, ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] } });
    const adapter = sruAdapter.create(sruSettingsSchema.parse({ url: sim.url('shl'), version }), { library, httpDispatcher: () => agent, logger: silentLogger(), env: {} });
    try {
      const result = await adapter.search({ query: { kind: 'term', field: 'isbn', value: '0521243327', mode: 'words' }, start: 1, count: 10, signal: new AbortController().signal });
      expect(result.hits).toBe(3);
      const set = result.records.find((r) => r.localId === 'fx21-0001');
      const seedCopy = set?.holdings.find((h) => h.barcode === '54122100517423');
      expect(seedCopy).toMatchObject({ branch: '上海图书馆', location: '综合阅览室-1楼', statusText: '归还', status: 'available', collectionType: '参考外借资料', ill: { eligible: true } });
      expect(sim.requests.at(-1)?.params).toMatchObject({ version, maximumRecords: '10' });
    } finally {
      await agent.close();
    }
  });

  it('aborting a search stops its request', async () => {
    const { Agent } = await import('undici');
    const agent = new Agent();
    sim.setFault('shl', 'hang');
    const adapter = sruAdapter.create(sruSettingsSchema.parse({ url: sim.url('shl') }), { library: testLibrary('shl'), httpDispatcher: () => agent, logger: silentLogger(), env: {} });
    const controller = new AbortController();
    const seen = sim.requests.length;
    const pending = adapter.search({ query: title('china'), start: 1, count: 5, signal: controller.signal });
    // Aborted once the server holds the request (not after a guessed delay): the request in flight is what stops.
    await vi.waitFor(() => expect(sim.requests.length).toBeGreaterThan(seen), { timeout: 5000, interval: 5 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ diagnostic: { code: 'aborted' } });
    await agent.close();
  });

  it('a hanging server hits the request timeout', async () => {
    const { Agent } = await import('undici');
    const agent = new Agent();
    sim.setFault('shl', 'hang');
    const adapter = sruAdapter.create(sruSettingsSchema.parse({ url: sim.url('shl'), timeouts: { connectMs: 500, requestMs: 150 } }), { library: testLibrary('shl'), httpDispatcher: () => agent, logger: silentLogger(), env: {} });
    await expect(adapter.search({ query: title('china'), start: 1, count: 5, signal: new AbortController().signal })).rejects.toMatchObject({ state: 'timeout', diagnostic: { code: 'headers-timeout' } });
    await agent.close();
  });
});
