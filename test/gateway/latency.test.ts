/**
 * Learned timeouts on fake timers: p95/p99 over the answers in the health store's window,
 * min(configured, max(floor, k × p95)) once there are enough of them, and the search that
 * ends early once every library still out is past its learned p99.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import type { BreakerControl } from '../../src/interceptors/circuit-breaker.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { fanOut } from '../../src/fanout/fanout.ts';
import type { LoopStall } from '../../src/fanout/loop-stall.ts';
import { LatencyModel, adaptiveTimeout, earlyEndAfter, learnedFrom } from '../../src/gateway/latency.ts';
import { interceptorsFor } from '../../src/interceptors/for-library.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import type { QueryNode } from '../../src/query/model.ts';
import { EmbeddedHealth } from '../../src/stores/health.ts';
import { testLibrary } from '../helpers/libraries.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '万历十五年', mode: 'words' };
const settings = { k: 3, floorMs: 1000, minSamples: 10, earlyEndMargin: 2 };

/** Answers after `ms` (read at each call), or never; stops on its signal. */
function after(ms: () => number | undefined): TargetAdapter {
  return {
    search: (req) =>
      new Promise<SearchResult>((resolve, reject) => {
        const wait = ms();
        const timer = wait === undefined ? undefined : setTimeout(() => resolve({ hits: 1, records: [], diagnostics: [] }), wait);
        req.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(req.signal.reason);
        });
      }),
    close: async () => {},
  };
}

/** The gateway's loop stalled over [from, to) of fake time: behind while it lasts, counted once over. */
function stalls(...windows: [number, number][]): LoopStall {
  const behind = () => {
    const now = Date.now();
    const stall = windows.find(([from, to]) => from <= now && now < to);
    return stall ? now - stall[0] : 0;
  };
  return { behindMs: behind, stalledMs: () => windows.filter(([, to]) => to <= Date.now()).reduce((sum, [from, to]) => sum + to - from, 0) + behind() };
}

function answered(health: EmbeddedHealth, library: string, times: number[]) {
  for (const ms of times) health.record({ library, state: 'ok', hits: 1, fetched: 1, elapsedMs: ms, warnings: [] });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('learned timeouts', () => {
  it('is min(configured, max(floor, k × p95)) once there are enough answers', () => {
    const window = [...Array.from({ length: 18 }, () => 400), 500, 900];
    const learned = learnedFrom(window)!;
    expect(learned).toMatchObject({ samples: 20, p50Ms: 400, p95Ms: 500, p99Ms: 900 });
    expect(adaptiveTimeout(8000, settings, learned)).toEqual({ ms: 1500, configuredMs: 8000, learned: '3 × p95 500 ms over 20 answers, floor 1000 ms' });
    // Never above what is configured, never below the floor, nothing learned from too few answers.
    expect(adaptiveTimeout(1200, settings, learned)).toEqual({ ms: 1200, configuredMs: 1200 });
    expect(adaptiveTimeout(8000, settings, learnedFrom(Array.from({ length: 20 }, () => 30)))).toMatchObject({ ms: 1000 });
    expect(adaptiveTimeout(8000, settings, learnedFrom([400, 400, 400]))).toEqual({ ms: 8000, configuredMs: 8000 });
  });

  it('a library that slows down is cut at its learned timeout, not its configured 2.5 s, and says so', async () => {
    const health = new EmbeddedHealth();
    const latency = new LatencyModel(health);
    answered(health, 'slowing', Array.from({ length: 12 }, (_, i) => 100 + i * 10));
    await latency.refresh(['slowing']);
    const library = { id: 'slowing', adapter: 'sru', timeoutMs: 2500, interceptors: { breaker: false as const } };
    const adapter = compose(after(() => 2000), interceptorsFor(library, undefined, { health, latency, deadlineMs: 8000, breakers: new Map() }));
    const outcome = adapter.search({ query, start: 1, count: 10, signal: new AbortController().signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const error = (await outcome) as TargetError;
    expect(error).toBeInstanceOf(TargetError);
    expect(error.state).toBe('timeout');
    expect(Date.now()).toBe(1000);
    expect(error.diagnostic).toMatchObject({ code: 'timeout', addinfo: 'adaptive', message: 'no answer within 1000 ms (learned timeout: 3 × p95 210 ms over 12 answers, floor 1000 ms)' });
  });

  it('a learned budget counts the library\'s own time: the gateway\'s stalls are added to the wait; a configured budget stays wall time', async () => {
    const health = new EmbeddedHealth();
    const latency = new LatencyModel(health);
    answered(health, 'slowing', Array.from({ length: 12 }, (_, i) => 100 + i * 10));
    await latency.refresh(['slowing']);
    const cutAt: number[] = [];
    const learnedChain = compose(after(() => 5000), interceptorsFor({ id: 'slowing', adapter: 'sru', timeoutMs: 2500, interceptors: { breaker: false } }, undefined, { health, latency, loop: stalls([100, 600]), deadlineMs: 8000, breakers: new Map() }));
    const learned = learnedChain.search({ query, start: 1, count: 10, signal: new AbortController().signal }).catch((error: TargetError) => cutAt.push(Date.now()) && error);
    await vi.advanceTimersByTimeAsync(5000);
    // 1000 ms of its own + the 500 ms stall.
    expect(cutAt).toEqual([1500]);
    expect(await learned).toMatchObject({ state: 'timeout', diagnostic: { addinfo: 'adaptive' } });

    const configured = compose(after(() => 5000), interceptorsFor({ id: 'fixed', adapter: 'sru', timeoutMs: 2500, interceptors: { breaker: false, adaptiveTimeout: false } }, undefined, { health, latency, loop: stalls([Date.now() + 100, Date.now() + 600]), deadlineMs: 8000, breakers: new Map() }));
    const from = Date.now();
    const fixed = configured.search({ query, start: 1, count: 10, signal: new AbortController().signal }).catch(() => cutAt.push(Date.now() - from));
    await vi.advanceTimersByTimeAsync(5000);
    await fixed;
    expect(cutAt).toEqual([1500, 2500]);
  });

  it('is refreshed in the background, one read at a time; a store that fails keeps the last values', async () => {
    const health = new EmbeddedHealth();
    answered(health, 'pku', Array.from({ length: 12 }, () => 200));
    let failing = false;
    let reads = 0;
    const store = {
      latencies: async (libraries: readonly string[]) => {
        reads += 1;
        if (failing) throw new Error('Redis lost');
        return health.latencies(libraries);
      },
    };
    const latency = new LatencyModel(store);
    const stop = latency.follow(['pku'], 1000);
    expect(reads).toBe(1);
    await latency.settled();
    expect(latency.get('pku')).toMatchObject({ samples: 12, p95Ms: 200 });
    answered(health, 'pku', Array.from({ length: 12 }, () => 400));
    // Nothing read before the interval: what a search uses is at most one interval (and one read) old.
    await vi.advanceTimersByTimeAsync(999);
    expect(latency.get('pku')?.samples).toBe(12);
    await vi.advanceTimersByTimeAsync(1);
    expect(latency.get('pku')).toMatchObject({ samples: 24, p95Ms: 400 });
    failing = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toBe(3);
    expect(latency.get('pku')).toMatchObject({ samples: 24, p95Ms: 400 });
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(3);
  });

  it('a slow store delays the next refresh instead of piling reads up', async () => {
    let reads = 0;
    let answer: (windows: Map<string, number[]>) => void = () => undefined;
    const latency = new LatencyModel({
      latencies: () => {
        reads += 1;
        return new Promise<Map<string, number[]>>((resolve) => (answer = resolve));
      },
    });
    const stop = latency.follow(['pku'], 1000);
    await vi.advanceTimersByTimeAsync(3500);
    expect(reads).toBe(1);
    answer(new Map([['pku', [120]]]));
    await latency.settled();
    expect(latency.get('pku')?.samples).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(reads).toBe(2);
    stop();
  });

  it('without a learned window or a budget of its own, only the gateway deadline applies', async () => {
    const health = new EmbeddedHealth();
    const latency = new LatencyModel(health);
    const adapter = compose(after(() => 5000), interceptorsFor({ id: 'new', adapter: 'sru' }, undefined, { health, latency, deadlineMs: 8000, breakers: new Map() }));
    const outcome = adapter.search({ query, start: 1, count: 10, signal: new AbortController().signal });
    await vi.advanceTimersByTimeAsync(5000);
    expect((await outcome).hits).toBe(1);
  });
});

describe('early end', () => {
  const libraries = [testLibrary('a'), testLibrary('b'), testLibrary('c')];
  const late = (ms: number) => ({ ms, rule: `2 × p99 ${ms / 2} ms` });

  it('is earlyEndMargin × the learned p99, once learned', () => {
    const learned = learnedFrom([...Array.from({ length: 18 }, () => 400), 500, 900]);
    expect(earlyEndAfter(settings, learned)).toEqual({ ms: 1800, rule: '2 × p99 900 ms' });
    expect(earlyEndAfter(settings, learnedFrom([400, 400, 400]))).toBeUndefined();
  });

  it('ends the search once every library still searching is past its lateness, the reason in their status', async () => {
    const adapters = new Map<string, TargetAdapter>([['a', after(() => 50)], ['b', after(() => undefined)], ['c', after(() => undefined)]]);
    const learned: Record<string, number> = { b: 300, c: 450 };
    const pending = fanOut({ query, libraries, adapters, deadlineMs: 8000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: (id) => (learned[id] ? late(learned[id]) : undefined) });
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result.elapsedMs).toBe(451);
    expect(result.statuses.map((s) => [s.library, s.state, s.diagnostic?.code])).toEqual([['a', 'ok', undefined], ['b', 'timeout', 'early-end'], ['c', 'timeout', 'early-end']]);
    expect(result.statuses[1]!.diagnostic?.message).toBe("search ended early: every library still searching was past its learned lateness, not counting the gateway's own stalls (b 2 × p99 150 ms, c 2 × p99 225 ms)");
  });

  it('waits for a library with nothing learned, and never ends a search in which nobody answered', async () => {
    const adapters = new Map<string, TargetAdapter>([['a', after(() => 50)], ['b', after(() => undefined)], ['c', after(() => 2000)]]);
    const pending = fanOut({ query, libraries, adapters, deadlineMs: 8000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: (id) => (id === 'b' ? late(300) : undefined) });
    await vi.runAllTimersAsync();
    const result = await pending;
    // c had nothing learned: the search waited for it; b, still out, ended with it.
    expect(result.elapsedMs).toBe(2000);
    expect(result.statuses.map((s) => s.state)).toEqual(['ok', 'timeout', 'ok']);
    expect(result.statuses[1]!.diagnostic?.code).toBe('early-end');

    const silent = fanOut({ query, libraries: [testLibrary('b')], adapters, deadlineMs: 1000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: () => late(300) });
    await vi.runAllTimersAsync();
    expect((await silent).statuses[0]!.diagnostic?.code).toBe('timeout');
  });

  it('a stall of the gateway is not the library\'s time: a healthy library is waited for, and its sample leaves the stall out', async () => {
    // b answers at 600 ms, 400 of which the gateway's loop was stalled: 200 ms of its own, under its lateness of 300.
    const adapters = new Map<string, TargetAdapter>([['a', after(() => 50)], ['b', after(() => 600)]]);
    const pending = fanOut({ query, libraries: libraries.slice(0, 2), adapters, deadlineMs: 8000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: (id) => (id === 'b' ? late(300) : undefined), loop: stalls([100, 500]) });
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result.statuses.map((s) => [s.library, s.state])).toEqual([['a', 'ok'], ['b', 'ok']]);
    expect(result.statuses[1]).toMatchObject({ elapsedMs: 600, gatewayStallMs: 400 });
    // What the adaptive timeout and the next early end learn from: 200 ms, not 600.
    const health = new EmbeddedHealth();
    for (const status of result.statuses) health.record(status);
    expect((await health.latencies(['a', 'b'])).get('b')).toEqual([200]);
    expect((await health.latencies(['a', 'b'])).get('a')).toEqual([50]);
  });

  it('a library stuck for real is still cut, once its own time (the stall left out) passes its lateness', async () => {
    const adapters = new Map<string, TargetAdapter>([['a', after(() => 50)], ['b', after(() => undefined)]]);
    const pending = fanOut({ query, libraries: libraries.slice(0, 2), adapters, deadlineMs: 8000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: (id) => (id === 'b' ? late(300) : undefined), loop: stalls([100, 500]) });
    await vi.runAllTimersAsync();
    const result = await pending;
    // 300 ms of its own + the 400 ms stall, long before the 8 s deadline.
    expect(result.elapsedMs).toBe(701);
    expect(result.statuses[1]).toMatchObject({ state: 'timeout', gatewayStallMs: 400, diagnostic: { code: 'early-end' } });
  });

  it('never ends early while the loop is behind: replies may be waiting unread', async () => {
    // b is past its lateness from 101 ms; c answers at 300 ms, in the middle of a stall that lasts until 400 ms.
    const adapters = new Map<string, TargetAdapter>([['a', after(() => 50)], ['b', after(() => undefined)], ['c', after(() => 300)]]);
    const pending = fanOut({ query, libraries, adapters, deadlineMs: 8000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: (id) => (id === 'b' ? late(50) : undefined), loop: stalls([250, 400]) });
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result.elapsedMs).toBe(400);
    expect(result.statuses.map((s) => [s.library, s.state, s.diagnostic?.code])).toEqual([['a', 'ok', undefined], ['b', 'timeout', 'early-end'], ['c', 'ok', undefined]]);
  });
});

describe('a degrading library (each answer ×1.3 slower than the last, a failing server)', () => {
  it('is waited for while it answers within its 2 s, then 3 timeouts open its breaker; a probe past 2 s keeps it open; its status says why', async () => {
    const health = new EmbeddedHealth();
    const latency = new LatencyModel(health);
    const breakers = new Map<string, BreakerControl>();
    let asked = 0;
    const failing: TargetAdapter = after(() => Math.min(30_000, Math.round(100 * 1.3 ** asked++)));
    const libraries = [testLibrary('steady'), { ...testLibrary('failing'), timeoutMs: 2000 }];
    const adapters = new Map<string, TargetAdapter>([
      ['steady', after(() => 100)],
      ['failing', compose(failing, interceptorsFor({ id: 'failing', adapter: 'sru', timeoutMs: 2000 }, undefined, { health, latency, deadlineMs: 5000, breakers }))],
    ]);
    const search = async () => {
      await latency.refresh(['steady', 'failing']);
      const pending = fanOut({ query, libraries, adapters, deadlineMs: 5000, concurrency: 8, recordsPerLibrary: 10, now: () => Date.now(), lateAfter: (id) => earlyEndAfter(settings, latency.get(id)) });
      // Not runAllTimers: the breaker's probe timer would run too.
      await vi.advanceTimersByTimeAsync(5000);
      const result = await pending;
      for (const status of result.statuses) health.record(status);
      return result.statuses.find((s) => s.library === 'failing')!;
    };
    const seen = [];
    for (let i = 0; i < 16; i++) seen.push(await search());
    // 100, 130, … 1792 ms: every answer within 2 s is waited for — no learned cut (3 × p95 stays above the next answer), no early end (2 × p99 too).
    expect(seen.slice(0, 12).map((s) => [s.state, s.elapsedMs])).toEqual([100, 130, 169, 220, 286, 371, 483, 627, 816, 1060, 1379, 1792].map((ms) => ['ok', ms]));
    // 2330 ms and later: cut at its configured 2 s (not a learned cut, so it counts), three times; then skipped, and the status says why.
    expect(seen.slice(12, 15).map((s) => [s.state, s.diagnostic?.code, s.diagnostic?.addinfo, s.elapsedMs])).toEqual(Array.from({ length: 3 }, () => ['timeout', 'timeout', undefined, 2000]));
    expect(seen[15]).toMatchObject({ state: 'skipped', diagnostic: { code: 'unavailable' }, skip: { failures: 3 } });
    expect(seen[15]!.skip?.en).toMatch(/^skipped: unavailable since \d\d:\d\d \(3 failures\), retrying at \d\d:\d\d$/);
    expect(asked).toBe(15);

    // The background probe at retryAt (120 s after the third timeout) is cut at the library's 2 s too: still open, cooldown doubled.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(asked).toBe(16);
    expect(await health.breaker('failing')).toMatchObject({ state: 'open', failures: 4, cooldownMs: 240_000 });
    expect((await search()).state).toBe('skipped');
    expect(asked).toBe(16);
    await adapters.get('failing')!.close();
  });
});
