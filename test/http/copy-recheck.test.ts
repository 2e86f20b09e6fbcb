/**
 * A librarian's "recheck live" of one copy (POST /api/results/:id/records/:recordId/recheck):
 * the record is searched for again at its library, the copy picked by barcode (or position),
 * and the answer says plainly when the copy or the record is no longer listed, or the library
 * could not be asked. The kept result set shows the fresh copy afterwards. And every copy one
 * library lists for a work at once (POST /api/results/:id/clusters/:clusterId/recheck?library=),
 * which the librarian page's per-library button reads each copy's answer from.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AdapterRegistry, SearchRequest, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { gatewaySchema } from '../../src/config/schema.ts';
import { TargetError, gatewayDiagnostic } from '../../src/diagnostics.ts';
import type { Holding } from '../../src/holdings/model.ts';
import { silentLogger } from '../../src/logging.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { testLibrary } from '../helpers/libraries.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

const copy = (barcode: string | undefined, statusText: string): Holding => ({
  library: 'pku', ...(barcode ? { barcode } : {}), statusText, status: statusText === '归还' ? 'available' : 'on_loan', loanable: true, callNumber: 'K248.3/H78',
});

function book(holdings: Holding[]): BibRecord {
  return {
    id: 'pku:1', library: 'pku', localId: '1', format: 'marc21', title: '万历十五年', sortTitle: '万历十五年',
    authors: [], series: [], languages: [], languageNames: [], isbns: [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], warnings: [], holdings,
  };
}

interface Answer {
  recordId: string;
  library: string;
  barcode?: string;
  copy?: number;
  state: string;
  asOf?: string;
  holding?: Holding;
  previous?: Holding;
  error?: { code: string; message: string };
}

describe('POST /api/results/:id/records/:recordId/recheck', () => {
  // What the library lists now; each test sets it.
  let library: { holdings: Holding[] | undefined; failure?: TargetError } = { holdings: [copy('B1', '归还'), copy(undefined, '归还')] };
  const asked: SearchRequest[] = [];
  const adapter: TargetAdapter = {
    search: async (req): Promise<SearchResult> => {
      asked.push(req);
      if (library.failure) throw library.failure;
      return { hits: library.holdings ? 1 : 0, records: library.holdings ? [book(library.holdings.map((h) => ({ ...h })))] : [], diagnostics: [] };
    },
    close: async () => {},
  };
  const registry: AdapterRegistry = new Map([['fake', { kind: 'fake', settingsSchema: z.object({}).passthrough(), create: () => adapter }]]);
  let gw: RunningGateway;
  let resultSetId: string;
  let clusterId: string;
  const librarian = { 'x-test-role': 'librarian' };
  const recheck = async (query: string, headers: Record<string, string> = librarian) => {
    const res = await request(`${gw.url}/api/results/${resultSetId}/records/pku%3A1/recheck?${query}`, { method: 'POST', headers });
    return { status: res.statusCode, cache: res.headers['cache-control'], body: (await res.body.json()) as Answer & { errors?: { parameter: string }[] } };
  };

  beforeAll(async () => {
    const config = {
      file: 'test',
      // A long bibliographic cache, as in production: the recheck must go past it.
      gateway: gatewaySchema.parse({ port: 0, cache: { ttlSeconds: 600 } }),
      libraries: [testLibrary('pku', { interceptors: { cache: { ttlSeconds: 600 } } })],
    };
    gw = await startGateway({
      config,
      registry,
      logger: silentLogger(),
      port: 0,
      ill: { dataDir: tempDataDir() },
      authenticate: (req) => (req.headers['x-test-role'] === 'librarian' ? { id: 'lib-1', roles: new Set(['librarian'] as const), via: 'test' } : undefined),
    });
    const search = (await (await request(`${gw.url}/api/search?title=${encodeURIComponent('万历十五年')}`)).body.json()) as { resultSetId: string; clusters: { id: string }[] };
    resultSetId = search.resultSetId;
    clusterId = search.clusters[0]!.id;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers librarians only', async () => {
    const { status } = await recheck('barcode=B1', {});
    expect([401, 403]).toContain(status);
  });

  it('gives the copy as its library lists it now (归还 → 借出), past the cache, and the kept set shows it', async () => {
    library = { holdings: [copy('B1', '借出'), copy(undefined, '归还')] };
    const before = Date.now();
    const { status, cache, body } = await recheck('barcode=B1');
    expect(status).toBe(200);
    expect(cache).toBe('no-store');
    expect(body).toMatchObject({ recordId: 'pku:1', library: 'pku', barcode: 'B1', state: 'live', holding: { barcode: 'B1', statusText: '借出', source: 'live' }, previous: { barcode: 'B1', statusText: '归还' } });
    expect(Date.parse(body.holding!.asOf!)).toBeGreaterThanOrEqual(before - 1000);
    expect(body.asOf).toBe(body.holding!.asOf);
    expect(asked.at(-1)).toMatchObject({ fresh: true, query: { kind: 'term', field: 'title', value: '万历十五年' } });
    const kept = (await (await request(`${gw.url}/api/results/${resultSetId}`)).body.json()) as { clusters: { holdings: { holdings: Holding[] }[] }[] };
    expect(kept.clusters[0]!.holdings[0]!.holdings.find((h) => h.barcode === 'B1')).toMatchObject({ statusText: '借出', source: 'live' });
  });

  it('picks a copy without a barcode by its position', async () => {
    library = { holdings: [copy('B1', '借出'), copy(undefined, '在架上')] };
    const { body } = await recheck('copy=1');
    expect(body).toMatchObject({ copy: 1, state: 'live', holding: { statusText: '在架上', source: 'live' } });
    expect(body.holding?.barcode).toBeUndefined();
  });

  it('says so when the library answers but no longer lists the copy, or the record', async () => {
    library = { holdings: [copy('B2', '归还')] };
    const gone = await recheck('barcode=B1');
    expect(gone.body).toMatchObject({ state: 'not-listed', previous: { barcode: 'B1', statusText: '借出' } });
    expect(gone.body.holding).toBeUndefined();
    expect(gone.body.asOf).toBeDefined();

    library = { holdings: undefined };
    const noRecord = await recheck('barcode=B2');
    expect(noRecord.body).toMatchObject({ state: 'record-not-listed', error: { code: 'not-found' }, previous: { barcode: 'B2' } });
    expect(noRecord.body.holding).toBeUndefined();
  });

  it('keeps the copy as it was, with the reason, when the library cannot be asked', async () => {
    library = { holdings: [copy('B2', '借出')], failure: new TargetError(gatewayDiagnostic('timeout', 'no answer within 5000 ms'), 'timeout') };
    const { status, body } = await recheck('barcode=B2');
    expect(status).toBe(200);
    expect(body).toMatchObject({ state: 'failed', error: { code: 'timeout', message: 'no answer within 5000 ms' }, previous: { barcode: 'B2', statusText: '归还' } });
    expect(body.holding).toBeUndefined();
    const kept = (await (await request(`${gw.url}/api/results/${resultSetId}`)).body.json()) as { clusters: { holdings: { holdings: Holding[] }[] }[] };
    expect(kept.clusters[0]!.holdings[0]!.holdings.map((h) => h.statusText)).toEqual(['归还']);
  });

  it('rechecks every copy of one library for a work at once: librarians only, the work as it is now and what the library said', async () => {
    const recheckLibrary = async (id: string, headers: Record<string, string> = librarian) => {
      const res = await request(`${gw.url}/api/results/${resultSetId}/clusters/${clusterId}/recheck?library=${id}`, { method: 'POST', headers });
      return { status: res.statusCode, cache: res.headers['cache-control'], body: (await res.body.json()) as { records: { id: string; holdings: Holding[] }[]; holdingsRecheck?: { library: string; rechecked: string[]; asOf?: string; error?: { code: string } }[] } };
    };
    expect([401, 403]).toContain((await recheckLibrary('pku', {})).status);
    expect((await recheckLibrary('thu')).status).toBe(400);

    library = { holdings: [copy('B1', '归还'), copy('B3', '借出')] };
    const { status, cache, body } = await recheckLibrary('pku');
    expect(status).toBe(200);
    expect(cache).toBe('no-store');
    expect(body.holdingsRecheck).toEqual([{ library: 'pku', rechecked: ['pku:1'], asOf: expect.any(String) }]);
    expect(body.records[0]!.holdings.map((h) => [h.barcode, h.statusText, h.source])).toEqual([['B1', '归还', 'live'], ['B3', '借出', 'live']]);

    library = { holdings: [copy('B1', '归还')], failure: new TargetError(gatewayDiagnostic('timeout', 'no answer within 5000 ms'), 'timeout') };
    const failed = await recheckLibrary('pku');
    expect(failed.body.holdingsRecheck).toEqual([{ library: 'pku', rechecked: [], error: { code: 'timeout', message: 'no answer within 5000 ms' } }]);
    // The copies stay as they were.
    expect(failed.body.records[0]!.holdings.map((h) => h.barcode)).toEqual(['B1', 'B3']);
  });

  it('refuses a request that names no copy or both ways, and an unknown record', async () => {
    const none = await recheck('');
    expect(none.status).toBe(400);
    expect(none.body.errors?.map((e) => e.parameter)).toEqual(['barcode']);
    const both = await recheck('barcode=B1&copy=0');
    expect(both.status).toBe(400);
    expect(both.body.errors?.map((e) => e.parameter)).toEqual(['copy']);
    const bad = await recheck('copy=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.parameter)).toEqual(['copy']);
    const unknown = await request(`${gw.url}/api/results/${resultSetId}/records/pku%3A999/recheck?barcode=B1`, { method: 'POST', headers: librarian });
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
  });
});
