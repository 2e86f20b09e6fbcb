/** The circuit breaker on fake timers: closed → open (skipped, with since/failures/retry) → half-open probe → closed. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchRequest, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { DeadlineError, timeoutSignal } from '../../src/fanout/abort.ts';
import { cache } from '../../src/interceptors/cache.ts';
import { circuitBreaker, type BreakerControl } from '../../src/interceptors/circuit-breaker.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import { timeout } from '../../src/interceptors/timeout.ts';
import type { QueryNode } from '../../src/query/model.ts';
import { EmbeddedHealth } from '../../src/stores/health.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '红楼梦', mode: 'words' };

/** A library that is down (hangs until aborted) while `down` is true, else answers at once; counts calls and probes. */
function switchable() {
  const state = { down: true, calls: 0, probes: 0 };
  const adapter: TargetAdapter = {
    search: (req: SearchRequest) => {
      state.calls++;
      if (req.count === 0) state.probes++;
      if (!state.down) return Promise.resolve<SearchResult>({ hits: 5, records: [], diagnostics: [] });
      return new Promise<SearchResult>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true }));
    },
    close: async () => {},
  };
  return { adapter, state };
}

const settings = { failures: 3, cooldownMs: 120_000, maxCooldownMs: 600_000, probeTimeoutMs: 5_000 };

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-05T10:02:00') });
});
afterEach(() => {
  vi.useRealTimers();
});

async function searchOnce(adapter: TargetAdapter, deadlineMs = 1000): Promise<SearchResult | TargetError | Error> {
  const deadline = timeoutSignal(deadlineMs, 'deadline', `gateway deadline of ${deadlineMs} ms passed`);
  const outcome = adapter.search({ query, start: 1, count: 10, signal: deadline.signal }).catch((e: unknown) => e as Error);
  await vi.advanceTimersByTimeAsync(deadlineMs);
  deadline.clear();
  return outcome;
}

describe('circuit breaker', () => {
  it('opens after 3 consecutive timeouts, skips with since/failures/retry, probes half-open and closes when the library answers', async () => {
    const health = new EmbeddedHealth();
    const controls = new Map<string, BreakerControl>();
    const changes: string[] = [];
    const lib = switchable();
    const guarded = compose(lib.adapter, [circuitBreaker({ ...settings, library: 'bift', store: health, controls, onChange: (_, r) => changes.push(r.state) }), timeout(400)]);

    // Three timeouts of its own budget: the third opens the breaker.
    for (let i = 0; i < 3; i++) expect(((await searchOnce(guarded)) as TargetError).state).toBe('timeout');
    expect(await health.breaker('bift')).toMatchObject({ state: 'open', failures: 3, cooldownMs: 120_000, lastError: 'no answer within 400 ms' });
    expect(lib.state.calls).toBe(3);

    // Open: not asked at all, and the status says why and until when.
    const skipped = (await searchOnce(guarded)) as TargetError;
    expect(skipped).toBeInstanceOf(TargetError);
    expect(skipped.state).toBe('skipped');
    expect(skipped.diagnostic.code).toBe('unavailable');
    expect(skipped.skip).toMatchObject({ code: 'unavailable', failures: 3, en: 'skipped: unavailable since 10:02 (3 failures), retrying at 10:04' });
    expect(skipped.skip?.zh).toContain('连续失败 3 次');
    expect(lib.state.calls).toBe(3);

    // Opened at 10:02:02.4 (third search's budget); at retryAt the background probe goes (half-open).
    const since = new Date('2026-12-05T10:02:02.400').toISOString();
    expect((await health.breaker('bift'))?.since).toBe(since);
    await vi.advanceTimersByTimeAsync(120_000 - 1600 - 1);
    expect(lib.state.probes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(lib.state.probes).toBe(1);
    expect((await health.breaker('bift'))?.state).toBe('half-open');
    await vi.advanceTimersByTimeAsync(5_000);
    const reopened = await health.breaker('bift');
    expect(reopened).toMatchObject({ state: 'open', failures: 4, cooldownMs: 240_000 });
    // Still down: open again, since unchanged, cooldown doubled.
    expect(reopened?.since).toBe(since);

    // The library comes back; the next probe closes the breaker and searches go again.
    lib.state.down = false;
    await vi.advanceTimersByTimeAsync(240_000);
    expect(lib.state.probes).toBe(2);
    expect(await health.breaker('bift')).toEqual({ state: 'closed', failures: 0 });
    expect(((await searchOnce(guarded)) as SearchResult).hits).toBe(5);
    expect(changes).toEqual(['closed', 'closed', 'open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('counts the gateway deadline as a failure, never a cancelled search or a library that answered with a diagnostic', async () => {
    const health = new EmbeddedHealth();
    let answer: () => Promise<SearchResult> = () => Promise.reject(new TargetError({ source: 'srw', code: '16', message: 'unsupported index' }));
    const adapter: TargetAdapter = { search: () => answer(), close: async () => {} };
    const guarded = compose(adapter, [circuitBreaker({ ...settings, library: 'x', store: health })]);
    for (let i = 0; i < 5; i++) await searchOnce(guarded);
    expect((await health.breaker('x'))?.state ?? 'closed').toBe('closed');

    // A hang cut by the gateway deadline (no budget of its own): the breaker races the signal.
    answer = () => new Promise(() => {});
    await searchOnce(guarded);
    await searchOnce(guarded);
    expect(await health.breaker('x')).toEqual({ state: 'closed', failures: 2 });
    // The reader leaving is not the library's fault.
    const controller = new AbortController();
    const left = guarded.search({ query, start: 1, count: 10, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new DeadlineError('cancelled', 'search cancelled by the client'));
    await left;
    expect((await health.breaker('x'))?.failures).toBe(2);
    // An answer (even a diagnostic) resets the count.
    answer = () => Promise.reject(new TargetError({ source: 'bib1', code: '114', message: 'Unsupported Use attribute' }));
    await searchOnce(guarded);
    expect(await health.breaker('x')).toEqual({ state: 'closed', failures: 0 });
  });

  it('"retry now" probes at once, whatever the cooldown', async () => {
    const health = new EmbeddedHealth();
    const controls = new Map<string, BreakerControl>();
    const lib = switchable();
    const guarded = compose(lib.adapter, [circuitBreaker({ ...settings, library: 'pku', store: health, controls })]);
    for (let i = 0; i < 3; i++) await searchOnce(guarded);
    expect((await controls.get('pku')!.state()).state).toBe('open');
    lib.state.down = false;
    expect(await controls.get('pku')!.retryNow()).toEqual({ state: 'closed', failures: 0 });
    expect(lib.state.probes).toBe(1);
    await guarded.close();
    expect(controls.has('pku')).toBe(false);
  });
});

describe('circuit breaker and learned timeouts', () => {
  it('a cut at a learned timeout (slower than usual) does not count; its configured budget does', async () => {
    vi.useFakeTimers({ now: 0 });
    const health = new EmbeddedHealth();
    const lib = switchable();
    const learned = { value: true };
    const guarded = compose(lib.adapter, [circuitBreaker({ ...settings, library: 'slow', store: health }), timeout(() => (learned.value ? { ms: 300, learned: '3 × p95 100 ms' } : { ms: 400 }))]);
    for (let i = 0; i < 5; i++) expect(((await searchOnce(guarded)) as TargetError).diagnostic.addinfo).toBe('adaptive');
    expect((await health.breaker('slow'))?.failures ?? 0).toBe(0);
    learned.value = false;
    for (let i = 0; i < 3; i++) await searchOnce(guarded);
    expect((await health.breaker('slow'))?.state).toBe('open');
  });
});

describe('circuit breaker probe: only an answer in time closes it', () => {
  /** Searches hang while down; the probe (count 0) answers after `probeAnswerMs`, or not at all once aborted. */
  function lateAnswering(probeAnswerMs: { value: number }) {
    const state = { probes: 0 };
    const adapter: TargetAdapter = {
      search: (req: SearchRequest) =>
        new Promise<SearchResult>((resolve, reject) => {
          req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true });
          if (req.count !== 0) return;
          state.probes++;
          setTimeout(() => resolve({ hits: 1, records: [], diagnostics: [] }), probeAnswerMs.value);
        }),
      close: async () => {},
    };
    return { adapter, state };
  }

  it('a probe answered after the library’s timeout (3 s of its 2 s) keeps it open; one answered within it closes it', async () => {
    const health = new EmbeddedHealth();
    const probeAnswerMs = { value: 3_000 };
    const lib = lateAnswering(probeAnswerMs);
    // No timeout of its own in the chain: the gateway deadline (2 s) is what a search gives it; probeTimeoutMs says 5 s.
    const guarded = compose(lib.adapter, [circuitBreaker({ ...settings, answerWithinMs: 2_000, library: 'bift', store: health })]);
    for (let i = 0; i < 3; i++) await searchOnce(guarded, 2_000);
    expect((await health.breaker('bift'))?.state).toBe('open');

    await vi.advanceTimersByTimeAsync(120_000);
    expect(lib.state.probes).toBe(1);
    expect((await health.breaker('bift'))?.state).toBe('half-open');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await health.breaker('bift')).toMatchObject({ state: 'open', failures: 4, cooldownMs: 240_000, lastError: "probe not answered within 2000 ms (the library's timeout)" });
    // Its late answer would have come at 3 s: it changes nothing.
    await vi.advanceTimersByTimeAsync(1_500);
    expect((await health.breaker('bift'))?.state).toBe('open');

    probeAnswerMs.value = 1_500;
    await vi.advanceTimersByTimeAsync(240_000);
    expect(lib.state.probes).toBe(2);
    expect(await health.breaker('bift')).toEqual({ state: 'closed', failures: 0 });
  });

  it('a probe cut at the library’s learned timeout keeps it open', async () => {
    const health = new EmbeddedHealth();
    const controls = new Map<string, BreakerControl>();
    const lib = switchable();
    const learned = { value: false };
    const guarded = compose(lib.adapter, [circuitBreaker({ ...settings, library: 'slow', store: health, controls }), timeout(() => (learned.value ? { ms: 300, learned: '3 × p95 100 ms' } : { ms: 400 }))]);
    for (let i = 0; i < 3; i++) await searchOnce(guarded);
    expect((await health.breaker('slow'))?.state).toBe('open');
    learned.value = true;
    const probed = controls.get('slow')!.retryNow();
    await vi.advanceTimersByTimeAsync(300);
    expect(await probed).toMatchObject({ state: 'open', failures: 4 });
    expect(lib.state.probes).toBe(1);
    expect((await health.breaker('slow'))?.lastError).toContain('learned timeout');
  });

  it('a probe asks the library itself, never a cache below the breaker', async () => {
    const health = new EmbeddedHealth();
    const controls = new Map<string, BreakerControl>();
    const lib = switchable();
    const guarded = compose(lib.adapter, [circuitBreaker({ ...settings, library: 'pku', store: health, controls }), cache({ ttlSeconds: 600, max: 10 }), timeout(400)]);
    const retry = async () => {
      const probed = controls.get('pku')!.retryNow();
      await vi.advanceTimersByTimeAsync(400);
      return probed;
    };
    for (let i = 0; i < 3; i++) await searchOnce(guarded);
    lib.state.down = false;
    expect(await retry()).toEqual({ state: 'closed', failures: 0 });
    // Down again: the first probe's answer, kept by the cache, must not close the breaker.
    lib.state.down = true;
    for (let i = 0; i < 3; i++) await searchOnce(guarded);
    expect(await retry()).toMatchObject({ state: 'open', failures: 4 });
    expect(lib.state.probes).toBe(2);
  });
});

describe('circuit breaker read', () => {
  it('says how long it waited for the store before the library was asked (the search\'s Server-Timing)', async () => {
    const order: string[] = [];
    let answer: (record: undefined) => void = () => undefined;
    const store = {
      breaker: () => new Promise<undefined>((resolve) => (answer = resolve)),
      putBreaker: async () => undefined,
      claimProbe: async () => true,
    };
    const library: TargetAdapter = {
      search: async () => {
        order.push('library asked');
        return { hits: 1, records: [], diagnostics: [] };
      },
      close: async () => {},
    };
    const guarded = compose(library, [circuitBreaker({ ...settings, library: 'pku', store })]);
    const waits: number[] = [];
    const searching = guarded.search({ query, start: 1, count: 1, signal: new AbortController().signal, onStoreWait: (ms) => (order.push('store wait'), waits.push(ms)) });
    await Promise.resolve();
    expect(order).toEqual([]);
    answer(undefined);
    await searching;
    expect(order).toEqual(['store wait', 'library asked']);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
  });
});
