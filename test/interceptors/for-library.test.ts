/** A library's chain on fake timers: its breaker's probe gets no longer than a search gives the library. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchRequest, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { timeoutSignal } from '../../src/fanout/abort.ts';
import { LatencyModel } from '../../src/gateway/latency.ts';
import type { BreakerControl } from '../../src/interceptors/circuit-breaker.ts';
import { interceptorsFor } from '../../src/interceptors/for-library.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import type { QueryNode } from '../../src/query/model.ts';
import { EmbeddedHealth } from '../../src/stores/health.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '红楼梦', mode: 'words' };

/** Searches hang until aborted; a probe (count 0) answers after 3 s: a library too slow for any search. */
const lateProbe: TargetAdapter = {
  search: (req: SearchRequest) =>
    new Promise<SearchResult>((resolve, reject) => {
      req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true });
      if (req.count === 0) setTimeout(() => resolve({ hits: 1, records: [], diagnostics: [] }), 3_000);
    }),
  close: async () => {},
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('interceptorsFor: the breaker probe', () => {
  it.each([
    ['no timeoutMs of its own: the gateway deadline', {}],
    ['a timeoutMs above the gateway deadline, which caps it', { timeoutMs: 9_000 }],
  ])('with %s (2 s), a probe answering in 3 s (probeTimeoutMs 5 s) keeps the breaker open', async (_, own) => {
    const health = new EmbeddedHealth();
    const breakers = new Map<string, BreakerControl>();
    const adapter = compose(lateProbe, interceptorsFor({ id: 'bift', adapter: 'sru', ...own }, undefined, { health, latency: new LatencyModel(health), deadlineMs: 2_000, breakers }));
    for (let i = 0; i < 3; i++) {
      const deadline = timeoutSignal(2_000, 'deadline', 'gateway deadline of 2000 ms passed');
      const search = adapter.search({ query, start: 1, count: 10, signal: deadline.signal }).catch(() => undefined);
      await vi.advanceTimersByTimeAsync(2_000);
      await search;
      deadline.clear();
    }
    expect((await health.breaker('bift'))?.state).toBe('open');
    const probed = breakers.get('bift')!.retryNow();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await probed).toMatchObject({ state: 'open', failures: 4, lastError: "probe not answered within 2000 ms (the library's timeout)" });
    await adapter.close();
  });
});
