/** The adapter wrappers on fake timers: each one alone, then composed from a library's config. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchRequest, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { cache } from '../../src/interceptors/cache.ts';
import { interceptorsFor } from '../../src/interceptors/for-library.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import { rateLimit } from '../../src/interceptors/rate-limit.ts';
import { retryAfter } from '../../src/interceptors/retry-after.ts';
import { timeout } from '../../src/interceptors/timeout.ts';
import type { QueryNode } from '../../src/query/model.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '红楼梦', mode: 'words' };
const request = (signal = new AbortController().signal, q: QueryNode = query): SearchRequest => ({ query: q, start: 1, count: 10, signal });

/** An adapter answering after `ms` with `hits`, or failing with what `fail` returns for this call. */
function scripted(ms: number, fail?: (call: number) => Error | undefined) {
  const calls: number[] = [];
  const adapter: TargetAdapter = {
    search: (req) =>
      new Promise<SearchResult>((resolve, reject) => {
        calls.push(Date.now());
        const error = fail?.(calls.length);
        const settle = () => (error ? reject(error) : resolve({ hits: calls.length, records: [], diagnostics: [] }));
        if (ms === 0) return settle();
        const timer = setTimeout(settle, ms);
        req.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(req.signal.reason);
        });
      }),
    close: vi.fn(async () => {}),
    members: async () => [{ code: '1', name: 'x', service: { status: 'active' } }],
  };
  return { adapter, calls };
}

const limited = (seconds: number) => new TargetError({ source: 'http', code: '429', message: 'HTTP 429' }, 'error', { retryAfterSeconds: seconds });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('interceptors', () => {
  it('timeout: the library ends as a timeout at its budget, its I/O aborted, whatever the adapter does', async () => {
    const slow = scripted(500);
    const pending = compose(slow.adapter, [timeout(100)]).search(request());
    const outcome = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = (await outcome) as TargetError;
    expect(error).toBeInstanceOf(TargetError);
    expect(error.state).toBe('timeout');
    expect(error.diagnostic).toMatchObject({ source: 'gateway', code: 'timeout', message: 'no answer within 100 ms' });
    expect(Date.now()).toBe(100);
  });

  it('timeout: the caller\'s own cancellation passes through unchanged', async () => {
    const slow = scripted(500);
    const controller = new AbortController();
    const outcome = compose(slow.adapter, [timeout(100)]).search(request(controller.signal)).catch((e: unknown) => e);
    controller.abort(new Error('client left'));
    expect(((await outcome) as Error).message).toBe('client left');
  });

  it('cache: the same window is asked once within the TTL; failures are not kept', async () => {
    let failNext = true;
    const target = scripted(10, () => (failNext ? ((failNext = false), new TargetError({ source: 'http', code: '500', message: 'HTTP 500' })) : undefined));
    const cached = compose(target.adapter, [cache({ ttlSeconds: 60, max: 10, now: () => Date.now() })]);
    const first = cached.search(request()).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toBeInstanceOf(TargetError);
    const second = cached.search(request());
    await vi.advanceTimersByTimeAsync(10);
    expect((await second).hits).toBe(2);
    expect((await cached.search(request())).hits).toBe(2);
    expect(target.calls).toHaveLength(2);
    // Another query is another entry; after the TTL the library is asked again.
    const other = cached.search(request(undefined, { ...query, value: '水浒传' }));
    await vi.advanceTimersByTimeAsync(60_001);
    expect((await other).hits).toBe(3);
    const again = cached.search(request());
    await vi.advanceTimersByTimeAsync(10);
    expect((await again).hits).toBe(4);
  });

  it('rate limit: searches past the burst wait their turn, in order', async () => {
    const target = scripted(0);
    const gentle = compose(target.adapter, [rateLimit({ searchesPerSecond: 2, burst: 1, now: () => Date.now() })]);
    const all = Promise.all([gentle.search(request()), gentle.search(request()), gentle.search(request())]);
    await vi.advanceTimersByTimeAsync(1000);
    await all;
    expect(target.calls).toEqual([0, 500, 1000]);
  });

  it('rate limit: a search cancelled while waiting never reaches the library', async () => {
    const target = scripted(0);
    const gentle = compose(target.adapter, [rateLimit({ searchesPerSecond: 1, burst: 1, now: () => Date.now() })]);
    await gentle.search(request());
    const controller = new AbortController();
    const waiting = gentle.search(request(controller.signal)).catch((e: unknown) => e);
    controller.abort();
    expect(((await waiting) as TargetError).diagnostic.code).toBe('rate-limited');
    await vi.advanceTimersByTimeAsync(2000);
    expect(target.calls).toEqual([0]);
  });

  it('retry-after: asks again after a Retry-After that fits, reports one that does not', async () => {
    const once = scripted(0, (n) => (n === 1 ? limited(2) : undefined));
    const retrying = compose(once.adapter, [retryAfter({ maxWaitMs: 5000, retries: 1 })]);
    const answer = retrying.search(request());
    await vi.advanceTimersByTimeAsync(2000);
    expect((await answer).hits).toBe(2);
    expect(once.calls).toEqual([0, 2000]);

    const far = scripted(0, () => limited(120));
    const error = await compose(far.adapter, [retryAfter({ maxWaitMs: 5000, retries: 1 })]).search(request()).catch((e: unknown) => e);
    expect((error as TargetError).retryAfterSeconds).toBe(120);
    expect(far.calls).toHaveLength(1);
  });

  it('composes from a library\'s config, outermost first: the timeout counts the retry wait', async () => {
    const target = scripted(0, () => limited(3));
    const chain = interceptorsFor({ timeoutMs: 1000, interceptors: { retryAfter: { maxWaitMs: 5000, retries: 1 }, cache: { ttlSeconds: 10, max: 5 } } });
    // Timeout, cache, retry-after, and innermost the answer's own strings (own-strings.ts).
    expect(chain).toHaveLength(4);
    const adapter = compose(target.adapter, chain);
    const outcome = adapter.search(request()).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(((await outcome) as TargetError).state).toBe('timeout');
    expect(target.calls).toHaveLength(1);
    // Wrappers pass close and members through.
    expect(await adapter.members?.({ signal: new AbortController().signal })).toHaveLength(1);
    await adapter.close();
    expect(target.adapter.close).toHaveBeenCalledOnce();
    // With nothing configured, only the answer's own strings.
    expect(interceptorsFor({})).toHaveLength(1);
  });
});
