/**
 * End to end: the demo config's 上海图书馆 entry (adapter "ipac"), its simulator started by
 * the demo launcher, searched through the gateway's HTTP API. The seed's v.7 copy
 * (54122100517423, 归还, 参考外借资料) must come out eligible for BALIS ILL, the other copies not.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../../adapters/index.ts';
import { simulatorLaunchers } from '../../../adapters/simulators.ts';
import { parseDemoConfig } from '../../../src/demo/simulate-config.ts';
import { silentLogger } from '../../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../../src/demo/start.ts';
import { tempDataDir } from '../../helpers/temp-data.ts';

const DEMO = fileURLToPath(new URL('../../../config/demo.json', import.meta.url));

interface Holding {
  barcode?: string;
  branch?: string;
  statusText: string;
  collectionType?: string;
  ill?: { eligible: boolean; reasons: { code: string }[] };
}
interface ApiRecord {
  id: string;
  library: string;
  title: string;
  holdings: Holding[];
}
interface SearchBody {
  libraries: { library: string; state: string; hits: number; fetched: number; warnings: unknown[] }[];
}

/** The API may list records flat or inside merged clusters (a list carries them with marc=1): collect every record wherever it is. */
function allRecords(body: unknown): ApiRecord[] {
  const out: ApiRecord[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.id === 'string' && typeof o.library === 'string' && Array.isArray(o.holdings)) out.push(o as unknown as ApiRecord);
      else Object.values(o).forEach(walk);
    }
  };
  walk(body);
  return out;
}

describe('the gateway over the simulated Shanghai Library iPac', () => {
  let gw: RunningDemo;
  beforeAll(async () => {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { gateway: Record<string, unknown>; libraries: { id: string; adapter: string }[] };
    const shl = demo.libraries.filter((l) => l.id === 'shl');
    expect(shl.map((l) => l.adapter)).toEqual(['ipac']);
    const config = parseDemoConfig({ gateway: { ...demo.gateway, port: 0, deadlineMs: 8000 }, libraries: shl }, DEMO, adapterRegistry);
    gw = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('starts the iPac simulator for shl', () => {
    expect(gw.simulated).toEqual(['shl']);
  });

  it("answers the seed's search with SHL's copies and the v.7 copy eligible for ILL", async () => {
    const res = await request(`${gw.url}/api/search?title=${encodeURIComponent('The Cambridge History of China')}&limit=50&marc=1`);
    expect(res.statusCode).toBe(200);
    const body = (await res.body.json()) as SearchBody;
    expect(body.libraries).toEqual([expect.objectContaining({ library: 'shl', state: 'ok', hits: 20, fetched: 20, warnings: [] })]);
    const records = allRecords(body);
    const set = records.find((r) => r.id === 'shl:0563121');
    const v7 = set?.holdings.find((h) => h.barcode === '54122100517423');
    expect(v7).toMatchObject({ branch: '上海图书馆', statusText: '归还', collectionType: '参考外借资料', ill: { eligible: true, reasons: [] } });
    const others = set?.holdings.filter((h) => h.barcode !== '54122100517423') ?? [];
    expect(others.length).toBe(5);
    expect(others.every((h) => h.ill?.eligible === false && h.ill.reasons.length > 0)).toBe(true);
  });
});
