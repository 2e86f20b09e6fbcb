/**
 * The adapter contract: every adapter in the registry, against its own simulator over real
 * loopback sockets (through a counting proxy), gets the same cases and the same expected
 * outcome shape — hits, no hits, paging, cancel mid-request (its sockets close), its own
 * timeout, and each shared fault. Outcomes are the per-library statuses the fan-out makes,
 * so "the same shape" is what a front end sees. Faults a protocol cannot have are skipped
 * with the reason written in contract/targets.ts.
 */
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import type { SearchRequest, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { libraryCommonSchema, type LibraryConfig } from '../../src/config/schema.ts';
import { simulateSchema } from '../../src/demo/simulate-config.ts';
import { fanOut } from '../../src/fanout/fanout.ts';
import type { LibraryStatus } from '../../src/fanout/status.ts';
import { interceptorsFor } from '../../src/interceptors/for-library.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import { createLogger } from '../../src/logging.ts';
import { SEARCH_FIELDS, type QueryNode, type SearchField } from '../../src/query/model.ts';
import type { Capabilities } from '../../src/adapter-api/capabilities.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { decodeOriginPdu } from '../../src/z3950/apdu/requests.ts';
import { PduFramer } from '../../src/z3950/pdu-framer.ts';
import { closedPort, startProxy, type FaultProxy, type ProxyFault } from './contract/proxy.ts';
import { CONTRACT_FAULTS, CONTRACT_TARGETS, NO_HITS, type ContractFault, type ContractTarget } from './contract/targets.ts';

const logger = createLogger({ level: 'silent' });
const SLOW_MS = 4000;

interface Rig {
  adapter: TargetAdapter;
  library: LibraryConfig;
  proxy: FaultProxy | undefined;
  close(): Promise<void>;
}

/** Where the launcher put the simulator, and the same settings pointed at another port. */
function address(settings: Record<string, unknown>): { host: string; port: number; at(port: number): Record<string, unknown> } {
  if (typeof settings.url === 'string') {
    const url = new URL(settings.url);
    return { host: url.hostname, port: Number(url.port), at: (port) => ({ ...settings, url: Object.assign(new URL(url), { port: String(port) }).toString() }) };
  }
  return { host: String(settings.host), port: Number(settings.port), at: (port) => ({ ...settings, port }) };
}

async function rig(kind: string, options: { fault?: NonNullable<ContractTarget['library']['simulate']>['fault']; latencyMs?: number; proxy?: ProxyFault | 'refused'; timeoutMs?: number; lacks?: SearchField[] } = {}): Promise<Rig> {
  const target = CONTRACT_TARGETS[kind]!;
  const descriptor = adapterRegistry.get(kind)!;
  const { simulate: simulated, ...plain } = target.library;
  const common = libraryCommonSchema.parse({ ...plain, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  const simulate = simulateSchema.parse({ ...simulated, fault: options.fault ?? 'none', latencyMs: options.latencyMs ?? 0, ...(options.lacks ? { lacks: options.lacks } : {}) });
  const launched = await simulatorLaunchers.get(kind)!({ ...common, settings: descriptor.settingsSchema.parse(target.library.settings), simulate });
  const where = address(launched.settings as Record<string, unknown>);
  let proxy: FaultProxy | undefined;
  let port: number;
  if (options.proxy === 'refused') port = await closedPort();
  else {
    proxy = await startProxy(where, options.proxy ?? 'none');
    port = proxy.port;
  }
  const library: LibraryConfig = { ...common, settings: descriptor.settingsSchema.parse(where.at(port)) };
  const agent = new Agent({ connect: { timeout: 2000 }, keepAliveTimeout: 1000 });
  const adapter = compose(descriptor.create(library.settings, { library, httpDispatcher: () => agent, logger, env: {} }), interceptorsFor(library));
  return {
    adapter,
    library,
    proxy,
    async close() {
      await adapter.close();
      await agent.close();
      // Nothing the adapter opened is left behind once it is closed.
      if (proxy) await until(() => proxy.open === 0, `${kind}: sockets left open after close`);
      await proxy?.close();
      await launched.close();
    },
  };
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(what);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function searchOnce(r: Rig, query: QueryNode, options: { deadlineMs?: number; signal?: AbortSignal; requestId?: string } = {}): Promise<{ status: LibraryStatus; records: BibRecord[] }> {
  const result = await fanOut({
    query,
    libraries: [r.library],
    adapters: new Map([[r.library.id, r.adapter]]),
    deadlineMs: options.deadlineMs ?? 10_000,
    concurrency: 1,
    recordsPerLibrary: 10,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  });
  return { status: result.statuses[0]!, records: result.records };
}

/** The outcome every adapter must give for a failure: a status value naming the library and saying why. */
function expectFailed(status: LibraryStatus, state: LibraryStatus['state']): void {
  expect(status.state).toBe(state);
  expect(status).toMatchObject({ hits: 0, fetched: 0 });
  expect(status.diagnostic?.library).toBe(status.library);
  expect(status.diagnostic?.message.length).toBeGreaterThan(0);
}

function expectCapabilityShape(capabilities: Capabilities, notBefore: number): void {
  expect(capabilities.indexes.length).toBeGreaterThan(0);
  expect(capabilities.indexes.every((i) => (SEARCH_FIELDS as readonly string[]).includes(i))).toBe(true);
  expect(new Set(capabilities.indexes).size).toBe(capabilities.indexes.length);
  expect(capabilities.source.length).toBeGreaterThan(0);
  expect(Date.parse(capabilities.at)).toBeGreaterThanOrEqual(notBefore - 1000);
  expect(['sru', 'z3950', 'form']).toContain(capabilities.facts?.protocol);
  // Plain data: it goes into /api/libraries and the shared store as JSON.
  expect(JSON.parse(JSON.stringify(capabilities))).toEqual(capabilities);
}

const kinds = [...adapterRegistry.keys()];
const opened: Rig[] = [];
afterAll(async () => {
  await Promise.allSettled(opened.map((r) => r.close()));
});

describe('the adapter registry', () => {
  it('gives every adapter a simulator and a contract target, so the whole suite runs for it', () => {
    expect(kinds.sort()).toEqual(['balis', 'ipac', 'jp-catalogue', 'sru', 'z3950']);
    for (const kind of kinds) {
      expect(simulatorLaunchers.has(kind), kind).toBe(true);
      expect(CONTRACT_TARGETS[kind], kind).toBeDefined();
    }
  });
});

describe.each(kinds)('adapter contract: %s', (kind) => {
  const target = CONTRACT_TARGETS[kind]!;
  const use = async (options: Parameters<typeof rig>[1] = {}) => {
    const r = await rig(kind, options);
    opened.push(r);
    return r;
  };
  const done = async (r: Rig) => {
    opened.splice(opened.indexOf(r), 1);
    await r.close();
  };

  it('search with hits: ok, records of this library, hits ≥ records', async () => {
    const r = await use();
    const { status, records } = await searchOnce(r, target.hits);
    expect(status).toMatchObject({ library: r.library.id, state: 'ok' });
    expect(status.hits).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThan(0);
    expect(status.fetched).toBe(records.length);
    expect(records.length).toBeLessThanOrEqual(Math.min(10, status.hits));
    expect(records.every((rec) => rec.library === r.library.id && rec.id.startsWith(`${r.library.id}:`) && rec.title.length > 0)).toBe(true);
    await done(r);
  });

  it('capability probe: canonical indexes, its protocol facts, source and time; an index the library lacks is left out', async () => {
    const full = await use();
    // Every adapter probes the way its protocol allows (explain, Init and probe searches, its search form).
    expect(full.adapter.probe).toBeTypeOf('function');
    const before = Date.now();
    const all = await full.adapter.probe!({ signal: AbortSignal.timeout(10_000) });
    await done(full);
    expectCapabilityShape(all, before);
    expect(all.indexes).toEqual(expect.arrayContaining(['title', 'author', 'isbn']));
    const lacking = await use({ lacks: ['isbn'] });
    const less = await lacking.adapter.probe!({ signal: AbortSignal.timeout(10_000) });
    await done(lacking);
    expectCapabilityShape(less, before);
    expect(less.indexes).not.toContain('isbn');
    expect(less.indexes).toEqual(all.indexes.filter((i) => i !== 'isbn'));
  });

  it('search with no hits: ok, 0 hits, no records', async () => {
    const r = await use();
    const { status, records } = await searchOnce(r, NO_HITS);
    expect(status).toMatchObject({ state: 'ok', hits: 0, fetched: 0 });
    expect(records).toEqual([]);
    await done(r);
  });

  it('paging: two windows of one search are disjoint and agree on the hit count; progress counts up to the window', async () => {
    const r = await use();
    const window = (start: number, progress?: SearchRequest['onProgress']) =>
      r.adapter.search({ query: target.hits, start, count: 2, signal: AbortSignal.timeout(10_000), ...(progress ? { onProgress: progress } : {}) });
    const fetched: number[] = [];
    const first = await window(1, (p) => p.phase === 'fetching' && fetched.push(p.fetched ?? -1));
    const second = await window(3);
    expect(first.hits).toBeGreaterThanOrEqual(4);
    expect(second.hits).toBe(first.hits);
    expect(first.records).toHaveLength(2);
    expect(second.records).toHaveLength(2);
    const ids = new Set(first.records.map((rec) => rec.localId));
    expect(second.records.some((rec) => ids.has(rec.localId))).toBe(false);
    expect(fetched.at(-1)).toBe(2);
    await done(r);
  });

  it('passes the gateway request id on: X-Request-Id on every HTTP request, referenceId on every Z39.50 Search and Present', async () => {
    const r = await use();
    const requestId = `req-${kind}-7f3a2c`;
    const { status } = await searchOnce(r, target.hits, { requestId });
    expect(status.state).toBe('ok');
    // A second window starts past the first records: Z39.50 fetches it with a Present.
    await r.adapter.search({ query: target.hits, start: 3, count: 2, signal: AbortSignal.timeout(10_000), requestId });
    const sent = r.proxy!.sent();
    if (kind === 'z3950') {
      const pdus = sent.flatMap((bytes) => new PduFramer(1 << 20).push(bytes).map(decodeOriginPdu));
      const operations = pdus.filter((p) => p.type === 'searchRequest' || p.type === 'presentRequest');
      expect(operations.map((p) => p.type)).toEqual(expect.arrayContaining(['searchRequest', 'presentRequest']));
      for (const p of operations) expect((p.pdu as { referenceId?: Buffer }).referenceId?.toString('utf8')).toBe(requestId);
    } else {
      const requests = sent.flatMap((bytes) => bytes.toString('latin1').split(/(?=^(?:GET|POST) \S+ HTTP\/1\.1\r$)/m)).filter((text) => /^(GET|POST) /.test(text));
      expect(requests.length).toBeGreaterThanOrEqual(2);
      for (const text of requests) expect(text.slice(0, text.indexOf('\r\n\r\n'))).toMatch(new RegExp(`^x-request-id: ${requestId}\r?$`, 'im'));
    }
    await done(r);
  });

  it('cancel mid-request: skipped as cancelled, and its sockets close before the adapter is closed', async () => {
    const r = await use({ latencyMs: SLOW_MS });
    const controller = new AbortController();
    const pending = searchOnce(r, target.hits, { signal: controller.signal });
    await until(() => (r.proxy?.received ?? 0) > 0, 'no request reached the simulator');
    controller.abort();
    const { status } = await pending;
    expectFailed(status, 'skipped');
    expect(status.diagnostic?.code).toBe('cancelled');
    await until(() => r.proxy?.open === 0, 'the cancelled search left a socket open');
    await done(r);
  });

  it('per-library timeout: the library ends as a timeout at its own budget', async () => {
    const r = await use({ latencyMs: SLOW_MS, timeoutMs: 300 });
    const { status } = await searchOnce(r, target.hits);
    expectFailed(status, 'timeout');
    expect(status.diagnostic).toMatchObject({ source: 'gateway', code: 'timeout', message: 'no answer within 300 ms' });
    await done(r);
  });

  const expectations: Record<ContractFault, { options: Parameters<typeof rig>[1]; check: (status: LibraryStatus, records: BibRecord[], clean: BibRecord[]) => void; deadlineMs?: number; compare?: true }> = {
    hang: { options: { fault: 'hang', timeoutMs: 300 }, check: (s) => expectFailed(s, 'timeout') },
    slow: { options: { latencyMs: SLOW_MS }, deadlineMs: 300, check: (s) => {
      expectFailed(s, 'timeout');
      expect(s.diagnostic?.message).toContain('gateway deadline');
    } },
    refused: { options: { proxy: 'refused' }, check: (s) => expectFailed(s, 'error') },
    reset: { options: { proxy: 'reset' }, check: (s) => expectFailed(s, 'error') },
    truncated: { options: { proxy: 'truncated' }, check: (s) => expectFailed(s, 'error') },
    garbage: { options: { proxy: 'garbage' }, check: (s) => expectFailed(s, 'error') },
    'wrong-charset': { options: { fault: 'wrong-charset' }, compare: true, check: (s, records, clean) => {
      // Read by the bytes, not the label: the same records with the same titles as a correctly labelled answer.
      expect(s.state).toBe('ok');
      expect(records.length).toBeGreaterThan(0);
      expect(records.map((rec) => rec.title)).toEqual(clean.map((rec) => rec.title));
    } },
    'server-error': { options: { fault: target.serverError }, check: (s) => {
      expectFailed(s, 'error');
      expect(['http', 'srw', 'bib1', 'gateway']).toContain(s.diagnostic?.source);
    } },
    'auth-rejected': { options: { fault: 'auth-rejected' }, check: (s) => expectFailed(s, 'error') },
    'rate-limited': { options: { fault: 'rate-limited' }, check: (s) => {
      expectFailed(s, 'error');
      expect(s.diagnostic).toMatchObject({ source: 'http', code: '429' });
      expect(s.diagnostic?.message).toMatch(/retry after \d+ s/);
    } },
  };

  for (const fault of CONTRACT_FAULTS) {
    const reason = target.skip[fault];
    if (reason) {
      it(`fault ${fault}: not applicable — ${reason}`, async () => {
        // A skip is a claim about the protocol: asked for it, the simulator serves normally.
        const r = await use({ fault: fault as NonNullable<ContractTarget['library']['simulate']>['fault'] });
        expect((await searchOnce(r, target.hits)).status.state).toBe('ok');
        await done(r);
      });
      continue;
    }
    it(`fault ${fault}: the same outcome shape as every adapter, and no socket left`, async () => {
      const { options, check, deadlineMs, compare } = expectations[fault];
      let clean: BibRecord[] = [];
      if (compare) {
        const reference = await use();
        clean = (await searchOnce(reference, target.hits)).records;
        await done(reference);
      }
      const r = await use(options);
      const { status, records } = await searchOnce(r, target.hits, deadlineMs ? { deadlineMs } : {});
      check(status, records, clean);
      await done(r);
    });
  }
});
