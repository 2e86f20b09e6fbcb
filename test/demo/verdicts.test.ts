/**
 * One verdict per copy over the whole demo (config/demo.json, every simulated library, the
 * BALIS union catalogue that marks 上海图书馆 "(暂停服务)"): in one result set a barcode gets the
 * same ILL verdict in every work that lists it, in the SRU holdings schema of that set and in the
 * ILL draft; a volume's work lists only its own volume's copies. Then the same demo with
 * 上海图书馆 following the union's mark: every copy suspended, the union named as the source.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { loadDemoConfigFile, type DemoConfig } from '../../src/demo/simulate-config.ts';
import { silentLogger } from '../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { volumeKey, sameVolume } from '../../src/merge/designations.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

interface Reason { code: string; source?: string; asOf?: string }
interface Holding { library: string; barcode?: string; volume?: string; ill?: { eligible: boolean; reasons: Reason[] } }
/** Searched with marc=1, so each work carries its source records (lists otherwise leave them to /clusters/:id). */
interface Cluster { id: string; merged: { volume: string }; holdings: { library: string; holdings: Holding[] }[]; records: { holdings: Holding[] }[] }
interface Search { resultSetId: string; clusters: Cluster[]; services: Record<string, { status: string; source: string; asOf: string }> }

const TITLE = 'The Cambridge History of China';
const SEED_BARCODE = '54122100517423';

async function json<T>(url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await request(url, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.statusCode, body: (await res.body.json()) as T };
}

const verdict = (h: Holding) => `${h.ill?.eligible}:${(h.ill?.reasons ?? []).map((r) => `${r.code}/${r.source ?? ''}`).join(',')}`;

function demoConfig(followUnion: boolean): DemoConfig {
  const config = loadDemoConfigFile(new URL('../../config/demo.json', import.meta.url).pathname, adapterRegistry);
  if (config.gateway.z3950) config.gateway.z3950 = { ...config.gateway.z3950, port: 0 };
  if (followUnion) {
    const shl = config.libraries.find((l) => l.id === 'shl')!;
    shl.service = { status: 'active', followUnion: 'balis-union' };
  }
  return config;
}

function start(followUnion: boolean): Promise<RunningDemo> {
  return startDemoGateway({ config: demoConfig(followUnion), registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } });
}

function draftBody(search: Search, cluster: Cluster) {
  return {
    resultSetId: search.resultSetId, clusterId: cluster.id, lender: 'shl', holding: { barcode: SEED_BARCODE },
    reader: { readerBarcode: '2024010123', readerName: '张三', recipientName: '张三', email: 'zhangsan@example.edu.cn' },
  };
}

describe('one verdict per copy (the demo, configured statuses)', () => {
  let gw: RunningDemo;
  let search: Search;
  beforeAll(async () => {
    gw = await start(false);
    search = (await json<Search>(`${gw.url}/api/search?title=${encodeURIComponent(TITLE)}&limit=200&marc=1`)).body;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('gives each barcode one verdict in every work and source record of the result set', () => {
    const seen = new Map<string, Set<string>>();
    const note = (h: Holding) => {
      if (!h.barcode) return;
      const key = `${h.library}|${h.barcode}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(verdict(h)));
    };
    for (const cluster of search.clusters) {
      for (const row of cluster.holdings) row.holdings.forEach(note);
      for (const record of cluster.records) record.holdings.forEach(note);
    }
    expect(seen.size).toBeGreaterThan(100);
    expect([...seen].filter(([, verdicts]) => verdicts.size > 1)).toEqual([]);
    // The union catalogue marks 上海图书馆 "(暂停服务)"; the library does not follow it: its copies are judged by its own status.
    const shl = [...seen].filter(([key]) => key.startsWith('shl|'));
    expect(shl.some(([, v]) => [...v][0]!.startsWith('true'))).toBe(true);
    expect(shl.flatMap(([, v]) => [...v]).some((v) => v.includes('lender_suspended'))).toBe(false);
    expect(search.services.shl).toMatchObject({ status: 'active', source: 'config' });
  });

  it('lists a volume\'s copies only under that volume', () => {
    for (const cluster of search.clusters.filter((c) => c.merged.volume !== '')) {
      for (const h of cluster.holdings.flatMap((row) => row.holdings)) {
        const own = h.volume ? volumeKey(h.volume) : '';
        if (own !== '') expect(sameVolume(own, cluster.merged.volume), `${h.barcode} (${h.volume}) under volume ${cluster.merged.volume}`).toBe(true);
      }
    }
  });

  it('gives the same verdicts in the SRU holdings schema of that result set and in the ILL draft', async () => {
    const byBarcode = new Map<string, boolean>();
    for (const c of search.clusters) for (const row of c.holdings) for (const h of row.holdings) if (h.barcode) byBarcode.set(`${h.library}|${h.barcode}`, h.ill?.eligible ?? false);
    const sru = await request(`${gw.url}/sru?version=1.2&operation=searchRetrieve&recordSchema=holdings&maximumRecords=50&query=${encodeURIComponent(`cql.resultSetId="${search.resultSetId}"`)}`);
    const xml = await sru.body.text();
    const libraries = [...xml.matchAll(/<h:library id="([^"]+)"[^>]*>([\s\S]*?)<\/h:library>/gu)];
    expect(libraries.length).toBeGreaterThan(20);
    let compared = 0;
    for (const [, library, body] of libraries) {
      for (const [, holding] of body!.matchAll(/<h:holding>([\s\S]*?)<\/h:holding>/gu)) {
        const barcode = /<h:barcode>([^<]+)<\/h:barcode>/u.exec(holding!)?.[1];
        const eligible = /<h:ill eligible="(true|false)"/u.exec(holding!)?.[1];
        if (!barcode || !byBarcode.has(`${library}|${barcode}`)) continue;
        expect(`${library}|${barcode}:${eligible}`).toBe(`${library}|${barcode}:${byBarcode.get(`${library}|${barcode}`)}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
    expect(xml).toMatch(/<h:library id="shl"[^>]* service="active" serviceSource="config" serviceAsOf="[^"]+"/u);

    const cluster = search.clusters.find((c) => c.holdings.some((row) => row.holdings.some((h) => h.barcode === SEED_BARCODE)))!;
    const draft = await json<{ eligibility: { eligible: boolean } }>(`${gw.url}/api/ill/drafts`, draftBody(search, cluster));
    expect(draft.status).toBe(201);
    expect(draft.body.eligibility.eligible).toBe(byBarcode.get(`shl|${SEED_BARCODE}`));
  });
});

describe('one verdict per copy (上海图书馆 follows the BALIS union\'s mark)', () => {
  let gw: RunningDemo;
  beforeAll(async () => {
    gw = await start(true);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('suspends every copy of the library everywhere, naming the union as the source, as of its member list', async () => {
    const search = (await json<Search>(`${gw.url}/api/search?title=${encodeURIComponent(TITLE)}&limit=200&marc=1`)).body;
    expect(search.services.shl).toMatchObject({ status: 'suspended', source: 'union', union: 'balis-union' });
    const shlCopies = search.clusters.flatMap((c) => [...c.holdings.flatMap((row) => row.holdings), ...c.records.flatMap((r) => r.holdings)]).filter((h) => h.library === 'shl');
    expect(shlCopies.length).toBeGreaterThan(10);
    for (const h of shlCopies) {
      expect(h.ill?.eligible).toBe(false);
      expect(h.ill?.reasons[0]).toMatchObject({ code: 'lender_suspended', source: 'union', asOf: search.services.shl!.asOf });
    }
    const libraries = await json<{ libraries: { id: string; service: { status: string; source: string } }[] }>(`${gw.url}/api/libraries`);
    expect(libraries.body.libraries.find((l) => l.id === 'shl')?.service).toMatchObject({ status: 'suspended', source: 'union' });

    const cluster = search.clusters.find((c) => c.holdings.some((row) => row.holdings.some((h) => h.barcode === SEED_BARCODE)))!;
    const draft = await json<{ reasons: Reason[] }>(`${gw.url}/api/ill/drafts`, draftBody(search, cluster));
    expect(draft.status).toBe(409);
    expect(draft.body.reasons[0]).toMatchObject({ code: 'lender_suspended', source: 'union' });
  });
});
