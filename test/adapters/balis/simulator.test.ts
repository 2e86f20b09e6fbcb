/** The BALIS adapter against the simulated union search over real loopback sockets (GBK pages and forms). */
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSimMembers } from '../../../adapters/balis/sim/union.ts';
import { startBalisSimulator, type BalisSimulator, type BalisSimulatorOptions } from '../../../adapters/balis/sim/simulator.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';
import { makeAdapter, rejection, search, term } from './support.ts';

const members = loadSimMembers();
const memberLibraries = Object.fromEntries(members.map((m) => [m.code, m.library ?? m.code]));
const agent = new Agent({ connect: { timeout: 1000 } });
const extra: BalisSimulator[] = [];
let sim: BalisSimulator;

async function simulator(options: Partial<BalisSimulatorOptions>): Promise<BalisSimulator> {
  const started = await startBalisSimulator({ members, catalogue: loadCatalogue(), ...options });
  extra.push(started);
  return started;
}

beforeAll(async () => {
  sim = await startBalisSimulator({ members, catalogue: loadCatalogue(), memberFaults: { '110101': 'timeout' } });
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await sim.close();
  await agent.close();
});

const ticked = (s: BalisSimulator) => (s.requests.at(-1)?.params ?? []).filter(([k]) => k === 'libs').map(([, v]) => v);
const codesOf = (category: string) => members.filter((m) => m.category === category).map((m) => m.code);

describe('BALIS adapter ↔ simulated union search', () => {
  it('ticks every member with select-all (全部选择 in each category)', async () => {
    const result = await search(makeAdapter({ url: sim.url, memberLibraries }, agent), term('title', '万历十五年'));
    expect(new Set(ticked(sim))).toEqual(new Set(members.map((m) => m.code)));
    expect(ticked(sim)).toHaveLength(31);
    expect(result.hits).toBeGreaterThanOrEqual(5);
    expect(result.records.every((r) => r.title === '万历十五年')).toBe(true);
  });

  it('ticks only the members of the selected categories', async () => {
    const result = await search(makeAdapter({ url: sim.url, memberLibraries, select: { categories: ['医学类', '农学类'] } }, agent), term('title', '万历十五年'));
    expect(ticked(sim).sort()).toEqual([...codesOf('医学类'), ...codesOf('农学类')].sort());
    const holders = new Set(result.records.flatMap((r) => r.holdings.map((h) => h.library)));
    const allowed = new Set(members.filter((m) => m.category === '医学类' || m.category === '农学类').map((m) => m.library));
    expect([...holders].every((id) => allowed.has(id))).toBe(true);
  });

  it('reads suspended members into warnings, copy eligibility and members()', async () => {
    const adapter = makeAdapter({ url: sim.url, memberLibraries, select: { members: ['上海图书馆', '中国人民大学图书馆', '北京大学图书馆'] } }, agent);
    const result = await search(adapter, term('title', '史记'));
    expect(result.diagnostics.filter((d) => d.code === 'member-suspended').map((d) => d.library)).toEqual(['ruc', 'shl']);
    const copies = result.records.flatMap((r) => r.holdings);
    expect(copies.some((h) => h.library === 'shl')).toBe(true);
    for (const copy of copies.filter((h) => h.library === 'shl' || h.library === 'ruc')) {
      expect(copy.ill?.reasons.map((r) => r.code)).toContain('lender_suspended');
    }
    const listed = await adapter.members!({ signal: new AbortController().signal });
    expect(listed).toHaveLength(31);
    expect(listed.filter((m) => m.service.status === 'suspended').map((m) => [m.code, m.name, m.library])).toEqual([
      ['110701', '中国人民大学图书馆', 'ruc'],
      ['123114', '上海图书馆', 'shl'],
    ]);
  });

  it('reports a member the union system could not search', async () => {
    const result = await search(makeAdapter({ url: sim.url, memberLibraries, select: { categories: ['理工类'] } }, agent), term('title', '万历十五年'));
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'member-timeout', library: 'bift', message: 'the union search could not search 北京服装学院图书馆: 连接超时' }));
  });

  it('sends GBK form values the JSP decodes (author and publisher boxes)', async () => {
    const result = await search(makeAdapter({ url: sim.url, memberLibraries }, agent), { kind: 'and', left: term('author', '黄仁宇'), right: term('publisher', '中华书局') });
    expect(result.records.map((r) => r.localId).sort()).toEqual(['fx21-0009', 'fxcn-0001', 'fxcn-0003']); // fx21-0009 through its 880 script fields
    expect(sim.requests.at(-1)?.params).toEqual(expect.arrayContaining([['author', '黄仁宇'], ['publisher', '中华书局'], ['pageSize', '20'], ['page', '1']]));
  });

  it('shows a volume\'s brief record with its volume in the title, and the set\'s without (the volume is the unit)', async () => {
    const result = await search(makeAdapter({ url: sim.url, memberLibraries, pageSize: 50 }, agent), term('title', 'Cambridge history of China'), 50);
    const titles = Object.fromEntries(result.records.map((r) => [r.localId, r.title]));
    expect(titles['fx21-0001']).toBe('The Cambridge history of China');
    expect(titles['fx21-0004']).toBe('The Cambridge history of China. Volume 10, Part 1, Late Ch\'ing, 1800-1911');
    expect(titles['fx21-0002']).toBe('The Cambridge history of China. Volume 7, Part 1, The Ming dynasty, 1368-1644');
  });

  it('pages through the union result with page/pageSize', async () => {
    const everything = await search(makeAdapter({ url: sim.url, memberLibraries, pageSize: 50 }, agent), term('title', '中国'), 50);
    const before = sim.requests.length;
    const slice = await search(makeAdapter({ url: sim.url, memberLibraries, pageSize: 10 }, agent), term('title', '中国'), 8, 6);
    expect(slice.hits).toBe(everything.hits);
    expect(slice.records.map((r) => r.localId)).toEqual(everything.records.slice(5, 13).map((r) => r.localId));
    const pages = sim.requests.slice(before).filter((r) => r.path.endsWith('search.jsp')).map((r) => r.params.find(([k]) => k === 'page')?.[1]);
    expect(pages).toEqual(['1', '2']);
  });

  it('answers an empty result with zero hits', async () => {
    const result = await search(makeAdapter({ url: sim.url, memberLibraries }, agent), term('title', '不存在的书名'));
    expect(result.hits).toBe(0);
    expect(result.records).toEqual([]);
  });

  it.each([
    ['http500', { source: 'http', code: '500' }],
    ['http429', { source: 'http', code: '429', message: 'the BALIS union search is limiting requests (HTTP 429); retry after 120 s' }],
    ['html', { source: 'gateway', code: 'not-balis' }],
  ] as const)('turns %s into an error status', async (fault, diagnostic) => {
    const failing = await simulator({ fault });
    const error = await rejection(search(makeAdapter({ url: failing.url, memberLibraries }, agent), term('title', '万历十五年')));
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).diagnostic).toMatchObject(diagnostic);
  });

  it('gives up on a slow union search after requestMs, and on abort', async () => {
    const slow = await simulator({ latencyMs: 2000 });
    const timedOut = await rejection(search(makeAdapter({ url: slow.url, memberLibraries, timeouts: { connectMs: 500, requestMs: 100 } }, agent), term('title', '万历十五年')));
    expect(timedOut).toMatchObject({ state: 'timeout', diagnostic: { code: 'headers-timeout' } });
    const hanging = await simulator({ fault: 'hang' });
    const aborted = await rejection(search(makeAdapter({ url: hanging.url, memberLibraries }, agent), term('title', '万历十五年'), 20, 1, AbortSignal.timeout(50)));
    expect(aborted).toMatchObject({ state: 'timeout', diagnostic: { code: 'aborted' } });
  });

  it('refuses a query the form cannot express without asking the server', async () => {
    const before = sim.requests.length;
    const error = await rejection(search(makeAdapter({ url: sim.url, memberLibraries }, agent), term('subject', '历史')));
    expect(error).toMatchObject({ diagnostic: { code: 'unsupported-query' } });
    expect(sim.requests.length).toBe(before);
  });
});
