/**
 * The gateway over the demo config's Z39.50 members (config/demo.json, adapter "z3950"), each
 * served by the Z39.50 simulator the launcher starts, plus two faulty Z39.50 libraries: records
 * arrive through the real HTTP API, faults become per-library states.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../../adapters/index.ts';
import { simulatorLaunchers } from '../../../adapters/simulators.ts';
import { parseDemoConfig } from '../../../src/demo/simulate-config.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { BibRecord } from '../../../src/records/model.ts';
import { startDemoGateway, type RunningDemo } from '../../../src/demo/start.ts';
import { expectNoOpenSockets } from './support/sockets.ts';
import { tempDataDir } from '../../helpers/temp-data.ts';

/** The parts of the search answer this test relies on; the records are read from the kept result set. */
interface SearchBody {
  resultSetId: string;
  libraries: { library: string; state: string; hits: number; fetched: number; diagnostic?: { source: string; code: string } }[];
}

const DEMO = fileURLToPath(new URL('../../../config/demo.json', import.meta.url));
const Z_MEMBERS = ['bnu', 'bupt', 'tsinghua', 'cau', 'nlc'];

function faulty(id: string, fault: string, timeoutMs?: number): Record<string, unknown> {
  return {
    id,
    name: { zh: `${id}图书馆`, en: `${id} Library` },
    category: '其他类',
    adapter: 'z3950',
    settings: { host: '127.0.0.1', port: 0, databases: ['db'], timeouts: { connectMs: 1000, initMs: 1000, searchMs: 1000, presentMs: 1000 } },
    ...(timeoutMs ? { timeoutMs } : {}),
    simulate: { fault },
  };
}

async function searchApi(gw: RunningDemo, params: string): Promise<SearchBody & { records: BibRecord[] }> {
  const res = await request(`${gw.url}/api/search?${params}`);
  expect(res.statusCode).toBe(200);
  const body = (await res.body.json()) as SearchBody;
  return { ...body, records: (await gw.gateway.resultSet(body.resultSetId))?.records ?? [] };
}

describe('gateway over the demo Z39.50 members', () => {
  let gw: RunningDemo;
  beforeAll(async () => {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { libraries: { id: string; adapter: string }[] };
    const members = demo.libraries.filter((l) => l.adapter === 'z3950');
    expect(members.map((l) => l.id).sort()).toEqual([...Z_MEMBERS].sort());
    const raw = { gateway: { port: 0, deadlineMs: 4000 }, libraries: [...members, faulty('zhang', 'hang', 600), faulty('zreject', 'init-reject')] };
    const config = parseDemoConfig(raw, DEMO, adapterRegistry);
    gw = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } });
  });
  afterAll(async () => {
    await gw?.close();
    await expectNoOpenSockets();
  });

  it('starts one simulator per Z39.50 library', () => {
    expect([...gw.simulated].sort()).toEqual([...Z_MEMBERS, 'zhang', 'zreject'].sort());
  });

  it('finds records at the Z39.50 members; faults become per-library states', async () => {
    const body = await searchApi(gw, `title=${encodeURIComponent('万历十五年')}`);
    const states = Object.fromEntries(body.libraries.map((l) => [l.library, l.state]));
    expect(states).toMatchObject({ nlc: 'ok', tsinghua: 'ok', bupt: 'ok', bnu: 'ok', cau: 'ok', zhang: 'timeout', zreject: 'error' });
    const diagnostics = Object.fromEntries(body.libraries.map((l) => [l.library, l.diagnostic?.code]));
    expect(diagnostics.zreject).toBe('init-rejected');
    // Authored copies (fixtures/catalogue): NLC fxcn-0001, THU fxcn-0003, BUPT and BNU fxcn-0002.
    const ids = body.records.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['nlc:fxcn-0001', 'tsinghua:fxcn-0003', 'bupt:fxcn-0002', 'bnu:fxcn-0002']));
    for (const r of body.records.filter((x) => x.id.includes(':fxcn-'))) expect(r.title).toMatch(/万[历暦]十五年/);
    // CNMARC-only members never return the MARC 21 cataloguings (fx21-0009/0010).
    expect(ids.filter((id) => /^(nlc|bupt|cau):fx21-/.test(id))).toEqual([]);
  });

  it('BNU asks for OPAC records: its copies come from the OPAC holdings', async () => {
    const body = await searchApi(gw, 'isbn=7108009994&libraries=bnu');
    const record = body.records.find((r) => r.id === 'bnu:fxcn-0002');
    expect(record?.holdings).toEqual([expect.objectContaining({ branch: '北京师范大学图书馆', status: 'on_loan' })]);
  });
});
