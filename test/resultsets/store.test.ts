import { describe, expect, it } from 'vitest';
import type { LibraryStatus } from '../../src/fanout/status.ts';
import { estimateBytes } from '../../src/resultsets/estimate-size.ts';
import { ResultSetStore } from '../../src/resultsets/store.ts';

const status = (library: string, state: LibraryStatus['state']): LibraryStatus => ({ library, state, hits: 0, fetched: 0, elapsedMs: 1, warnings: [] });
const entry = (key: string, states: LibraryStatus['state'][]) => ({
  key,
  query: { kind: 'term', field: 'title', value: 'x', mode: 'words' } as const,
  libraries: states.map((_, i) => `l${i}`),
  elapsedMs: 1,
  statuses: states.map((s, i) => status(`l${i}`, s)),
  records: [],
  clusters: [],
});

describe('ResultSetStore', () => {
  it('answers the same search for the whole TTL when every library answered', () => {
    // lru-cache reads a start time of 0 as "no TTL": the clock starts later.
    let now = 1_000;
    const store = new ResultSetStore({ max: 10, ttlSeconds: 600, now: () => now });
    const set = store.add(entry('k', ['ok', 'suspended']));
    now = 600_000;
    expect(store.findByKey('k')?.id).toBe(set.id);
    now = 602_000;
    expect(store.findByKey('k')).toBeUndefined();
  });

  it('reuses a search with a failed library only briefly, but keeps it for paging by id', () => {
    let now = 1_000;
    const store = new ResultSetStore({ max: 10, ttlSeconds: 600, partialReuseMs: 30_000, now: () => now });
    const set = store.add(entry('k', ['ok', 'timeout']));
    now = 30_000;
    expect(store.findByKey('k')?.id).toBe(set.id);
    now = 32_000;
    expect(store.findByKey('k')).toBeUndefined();
    expect(store.get(set.id)?.id).toBe(set.id);
  });

  it('never reuses when caching is off, yet keeps sets for paging', () => {
    const store = new ResultSetStore({ max: 10, ttlSeconds: 0 });
    const set = store.add(entry('k', ['ok']));
    expect(store.findByKey('k')).toBeUndefined();
    expect(store.get(set.id)?.id).toBe(set.id);
  });

  it('keys a search by query and the set of libraries, in any order', () => {
    expect(ResultSetStore.key('q', ['b', 'a'])).toBe(ResultSetStore.key('q', ['a', 'b']));
  });

  it('is bounded by estimated bytes: the least recently used sets go first', () => {
    const big = (key: string) => ({ ...entry(key, ['ok']), records: [{ id: key, title: 'x'.repeat(50_000) }] as never[] });
    const one = estimateBytes({ ...big('a'), id: 'x', createdAt: 'x' });
    const store = new ResultSetStore({ max: 100, maxBytes: Math.floor(one * 2.5), ttlSeconds: 600 });
    const a = store.add(big('a'));
    const b = store.add(big('b'));
    expect(store.get(a.id)).toBeDefined();
    const c = store.add(big('c'));
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBeDefined();
    expect(store.get(c.id)).toBeDefined();
  });

  it('estimates strings by length, counts shared objects once and never recurses', () => {
    const record = { title: 'x'.repeat(1000) };
    expect(estimateBytes({ records: [record], clusters: [{ records: [record] }] })).toBeLessThan(estimateBytes(record) * 2);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(estimateBytes(deep)).toBeGreaterThan(200_000);
  });
});
