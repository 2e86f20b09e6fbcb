/**
 * The gateway's progressive updates (what the SSE stream sends): the first library's clusters
 * at once, later answers gathered into one update, and everything sent before the search ends.
 * Ordering only: the gathering interval is an hour, so no update can come from the clock.
 * Keeping the set: the claim is sent before the libraries are asked, and abandoned on failure;
 * a caller may defer the keep until it has answered, and one that keeps its own set (ownSet)
 * leaves it out of the store unless the store may answer a later search with it.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { AdapterRegistry, SearchResult } from '../../src/adapter-api/contract.ts';
import { gatewaySchema } from '../../src/config/schema.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import { silentLogger } from '../../src/logging.ts';
import { embeddedStores } from '../../src/stores/open.ts';
import type { HealthStorage } from '../../src/stores/health.ts';
import type { ResultSetStorage } from '../../src/stores/result-sets.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { testLibrary } from '../helpers/libraries.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '万历十五年', mode: 'words' };

function book(library: string): BibRecord {
  return {
    id: `${library}:1`, library, localId: '1', format: 'marc21', title: '万历十五年', sortTitle: '万历十五年', year: 1982,
    authors: [{ name: '黄仁宇', kind: 'personal' }], series: [], languages: ['chi'], languageNames: ['中文'], isbns: [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], holdings: [], warnings: [],
  };
}

describe('Gateway progressive updates', () => {
  it('sends the first answer at once and gathers the later ones into one update before the search ends', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const registry: AdapterRegistry = new Map([
      ['fake', {
        kind: 'fake',
        settingsSchema: z.object({}).passthrough(),
        create: (_settings, context) => ({
          search: async (): Promise<SearchResult> => {
            if (context.library.id !== 'a') await held;
            return { hits: 1, records: [book(context.library.id)], diagnostics: [] };
          },
          close: async () => {},
        }),
      }],
    ]);
    const libraries = ['a', 'b', 'c'].map((id) => testLibrary(id));
    const gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({}), libraries }, { registry, logger: silentLogger() });
    const updates: { members: string[][]; total: number }[] = [];
    const { resultSet } = await gateway.search(query, libraries, {
      fresh: true,
      updateEveryMs: 3_600_000,
      onClusters: (update) => {
        updates.push({ members: update.changed.map((c) => c.members.map((m) => m.library)), total: update.total });
        release();
      },
    });
    await gateway.close();
    expect(updates).toEqual([
      { members: [['a']], total: 1 },
      { members: [['a', 'b', 'c']], total: 1 },
    ]);
    expect(resultSet.clusters.map((c) => c.members.map((m) => m.library))).toEqual([['a', 'b', 'c']]);
  });
});

describe('Gateway keeping its result set', () => {
  const registryOf = (search: (library: string) => Promise<SearchResult>): AdapterRegistry =>
    new Map([
      ['fake', { kind: 'fake', settingsSchema: z.object({}).passthrough(), create: (_settings, context) => ({ search: () => search(context.library.id), close: async () => {} }) }],
    ]);
  /** The embedded stores, with the result-set store's calls and the learned-latency reads written down in order. */
  const recordingStores = (calls: string[], claimLanding: (id: string) => Promise<unknown> | undefined = () => undefined) => {
    const stores = embeddedStores({ maxResultSets: 10, ttlSeconds: 60 });
    const inner = stores.resultSets;
    const health: HealthStorage = Object.assign(Object.create(stores.health) as HealthStorage, {
      latencies: (libraries: readonly string[]) => {
        calls.push(`latencies ${libraries.join(',')}`);
        return stores.health.latencies(libraries);
      },
    });
    const resultSets: ResultSetStorage = {
      kind: 'recording',
      reserve: (id, holdMs) => calls.push(`reserve ${id} ${holdMs}`),
      abandon: (id) => calls.push(`abandon ${id}`),
      keepNow: (set) => {
        calls.push(`keepNow ${set.id}`);
        return inner.keepNow(set);
      },
      claimLanding,
      put: async (set) => {
        calls.push(`put ${set.id}`);
        await inner.put(set);
      },
      get: (id) => inner.get(id),
      touch: (id) => inner.touch(id),
      page: (id, offset, count) => inner.page(id, offset, count),
      mayReuse: (key) => {
        calls.push('mayReuse');
        return inner.mayReuse(key);
      },
      findByKey: async (key) => {
        calls.push('findByKey');
        return inner.findByKey(key);
      },
      findRecord: (id) => inner.findRecord(id),
      ready: () => true,
      close: () => inner.close(),
    };
    return { ...stores, resultSets, health };
  };

  it('a search reads no store before its fan-out (the reuse lookup is local; the learned latencies are read in the background); the claim goes before any library is asked, the set is kept under the claimed id after them', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const calls: string[] = [];
      const registry = registryOf(async (library) => {
        calls.push(`search ${library}`);
        return { hits: 1, records: [book(library)], diagnostics: [] };
      });
      const libraries = ['a', 'b'].map((id) => testLibrary(id));
      const gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({ deadlineMs: 4000, learnedRefreshMs: 500 }), libraries }, { registry, logger: silentLogger(), stores: recordingStores(calls) });
      // At start, for every active library, then every learnedRefreshMs.
      expect(calls).toEqual(['latencies a,b']);
      await gateway.latency.settled();
      calls.length = 0;
      const { resultSet, storeWait } = await gateway.search(query, libraries);
      // A miss is known without asking the store for a set.
      expect(calls.map((c) => c.split(' ')[0])).toEqual(['mayReuse', 'reserve', 'search', 'search', 'keepNow']);
      expect(calls[1]).toBe(`reserve ${resultSet.id} 4000`);
      expect(calls[4]).toBe(`keepNow ${resultSet.id}`);
      expect(storeWait.pathMs).toBeCloseTo(storeWait.reuseMs + storeWait.keepMs, 6);
      expect(storeWait.claimWaitMs).toBe(0);
      calls.length = 0;
      const again = await gateway.search(query, libraries);
      expect(again).toMatchObject({ fromCache: true, resultSet: { id: resultSet.id } });
      expect(calls).toEqual(['mayReuse', 'findByKey']);
      calls.length = 0;
      vi.advanceTimersByTime(500);
      expect(calls).toEqual(['latencies a,b']);
      await gateway.close();
      vi.advanceTimersByTime(5000);
      expect(calls).toEqual(['latencies a,b']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('defer: keeping the set and counting the search wait until the caller runs the deferred work (after its answer); the next search then finds the set', async () => {
    const calls: string[] = [];
    const registry = registryOf(async (library) => ({ hits: 1, records: [book(library)], diagnostics: [] }));
    const libraries = [testLibrary('a')];
    const searched: boolean[] = [];
    const observer = { searched: (outcome: { fromCache: boolean }) => void searched.push(outcome.fromCache) };
    const gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({}), libraries }, { registry, logger: silentLogger(), stores: recordingStores(calls), observer });
    const deferred: (() => void)[] = [];
    const { resultSet, storeWait } = await gateway.search(query, libraries, { defer: (work) => deferred.push(work) });
    expect(calls.some((c) => c.startsWith('keepNow') || c.startsWith('put'))).toBe(false);
    expect(searched).toEqual([]);
    expect(await gateway.resultSet(resultSet.id)).toBeUndefined();
    expect(storeWait.keepMs).toBe(0);
    for (const work of deferred) work();
    expect(calls).toContain(`keepNow ${resultSet.id}`);
    expect(searched).toEqual([false]);
    expect(await gateway.resultSet(resultSet.id)).toBe(resultSet);
    expect(await gateway.search(query, libraries)).toMatchObject({ fromCache: true, resultSet: { id: resultSet.id } });
    await gateway.close();
  });

  it('defer with the claim still travelling (Redis slower than every library): the search answers once it has landed, so paging on another instance finds the set; the keep still waits for the caller', async () => {
    const calls: string[] = [];
    let land: () => void = () => {};
    const landing = new Promise<void>((resolve) => (land = resolve));
    let landed = false;
    const registry = registryOf(async (library) => ({ hits: 1, records: [book(library)], diagnostics: [] }));
    const libraries = [testLibrary('a')];
    const gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({}), libraries }, { registry, logger: silentLogger(), stores: recordingStores(calls, () => (landed ? undefined : landing)) });
    const deferred: (() => void)[] = [];
    let answered = false;
    const searching = gateway.search(query, libraries, { defer: (work) => deferred.push(work) }).then((outcome) => ((answered = true), outcome));
    await vi.waitFor(() => expect(calls.some((c) => c.startsWith('reserve '))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    landed = true;
    land();
    const { resultSet, storeWait } = await searching;
    expect(storeWait.claimWaitMs).toBeGreaterThan(0);
    expect(storeWait.keepMs).toBe(storeWait.claimWaitMs);
    expect(calls.some((c) => c.startsWith('keepNow') || c.startsWith('put'))).toBe(false);
    for (const work of deferred) work();
    expect(calls).toContain(`keepNow ${resultSet.id}`);
    await gateway.close();
  });

  it('ownSet: the caller keeps the set, so the store gets it only when a later search may be answered from it (a cache), never just to be paged by an id nobody was told', async () => {
    const registry = registryOf(async (library) => ({ hits: 1, records: [book(library)], diagnostics: [] }));
    const libraries = [testLibrary('a')];
    const uncachedCalls: string[] = [];
    const uncached = new Gateway({ file: 'test', gateway: gatewaySchema.parse({ cache: { ttlSeconds: 0 } }), libraries }, { registry, logger: silentLogger(), stores: recordingStores(uncachedCalls) });
    const own = await uncached.search(query, libraries, { ownSet: true });
    expect(own.resultSet.clusters).toHaveLength(1);
    expect(uncachedCalls.filter((c) => /^(reserve|abandon|keepNow|put) /.test(c))).toEqual([]);
    expect(await uncached.resultSet(own.resultSet.id)).toBeUndefined();
    // Without ownSet the same gateway keeps the set for paging.
    const paged = await uncached.search(query, libraries);
    expect(await uncached.resultSet(paged.resultSet.id)).toBe(paged.resultSet);
    await uncached.close();

    const cachedCalls: string[] = [];
    const cached = new Gateway({ file: 'test', gateway: gatewaySchema.parse({}), libraries }, { registry, logger: silentLogger(), stores: recordingStores(cachedCalls) });
    const first = await cached.search(query, libraries, { ownSet: true });
    expect(cachedCalls).toContain(`keepNow ${first.resultSet.id}`);
    expect(await cached.search(query, libraries, { ownSet: true })).toMatchObject({ fromCache: true, resultSet: { id: first.resultSet.id } });
    await cached.close();
  });

  it('abandons the claim when the search fails', async () => {
    const calls: string[] = [];
    const registry = registryOf(async (library) => ({ hits: 1, records: [book(library)], diagnostics: [] }));
    const libraries = [testLibrary('a')];
    // Something failing inside the search after its claim was sent (here: the metrics observer).
    const observer = {
      searched: () => undefined,
      timeoutChosen: () => {
        throw new Error('observer failed');
      },
    };
    const gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({}), libraries }, { registry, logger: silentLogger(), stores: recordingStores(calls), observer });
    await expect(gateway.search(query, libraries)).rejects.toThrow('observer failed');
    await gateway.close();
    const reserved = calls.find((c) => c.startsWith('reserve '))?.split(' ')[1];
    expect(reserved).toBeDefined();
    expect(calls).toContain(`abandon ${reserved}`);
    expect(calls.some((c) => c.startsWith('put ') || c.startsWith('keepNow '))).toBe(false);
  });
});
