/** The fan-out on fake timers: deadlines and budgets are asserted by the clock, not by wall time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchRequest, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { fanOut, maxStartHold, type FanoutRequest } from '../../src/fanout/fanout.ts';
import type { LibraryProgress } from '../../src/fanout/progress.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import { timeout } from '../../src/interceptors/timeout.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { testLibrary } from '../helpers/libraries.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '万历十五年', mode: 'words' };

function record(library: string, n: number): BibRecord {
  return {
    id: `${library}:${n}`, library, localId: String(n), format: 'marc21', title: `Book ${n}`, sortTitle: `book ${n}`,
    authors: [], series: [], languages: [], languageNames: [], isbns: [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], holdings: [], warnings: [],
  };
}

/** An adapter that answers after `ms` (or never), and records whether its signal was aborted. */
function fakeAdapter(behaviour: { ms?: number; hang?: boolean; fail?: Error; records?: number }) {
  const seen: { aborted: boolean; requests: SearchRequest[] } = { aborted: false, requests: [] };
  const adapter: TargetAdapter = {
    search(request) {
      seen.requests.push(request);
      return new Promise<SearchResult>((resolve, reject) => {
        request.signal.addEventListener('abort', () => {
          seen.aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
        if (behaviour.hang) return;
        setTimeout(() => {
          if (behaviour.fail) reject(behaviour.fail);
          else resolve({ hits: 100, records: Array.from({ length: behaviour.records ?? 2 }, (_, i) => record('x', i)), diagnostics: [] });
        }, behaviour.ms ?? 0);
      });
    },
    close: async () => {},
  };
  return { adapter, seen };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the fan-out to the end on the fake clock; `now` is the fake clock too. */
async function run(request: FanoutRequest) {
  const pending = fanOut({ now: () => Date.now(), ...request });
  await vi.runAllTimersAsync();
  return pending;
}

describe('fanOut', () => {
  it('says when a library\'s own cap, not its hits or recordsPerLibrary, stopped it ("fetched 50 of 86")', async () => {
    const capped: TargetAdapter = { search: async () => ({ hits: 86, records: Array.from({ length: 50 }, (_, i) => record('capped', i)), diagnostics: [], cappedAt: 50 }), close: async () => {} };
    const few: TargetAdapter = { search: async () => ({ hits: 30, records: Array.from({ length: 30 }, (_, i) => record('few', i)), diagnostics: [], cappedAt: 50 }), close: async () => {} };
    const result = await run({ query, libraries: [testLibrary('capped'), testLibrary('few')], deadlineMs: 300, concurrency: 8, recordsPerLibrary: 200, adapters: new Map([['capped', capped], ['few', few]]) });
    const [status, other] = result.statuses;
    expect(status?.capped).toEqual({ code: 'record-cap', cap: 50, zh: '已取 50 / 86 条（本馆上限 50 条）', en: "fetched 50 of 86 (this library's cap)" });
    expect(status?.warnings).toContainEqual(expect.objectContaining({ source: 'gateway', code: 'record-cap', message: "fetched 50 of 86 (this library's cap)", library: 'capped' }));
    expect(other?.capped).toBeUndefined();
  });

  it('returns one status per library, in config order, with partial results when one hangs', async () => {
    const fast = fakeAdapter({ ms: 5, records: 3 });
    const slow = fakeAdapter({ ms: 30, records: 1 });
    const hang = fakeAdapter({ hang: true });
    const libraries = [testLibrary('hang'), testLibrary('fast'), testLibrary('slow')];
    const result = await run({
      query, libraries, deadlineMs: 300, concurrency: 8, recordsPerLibrary: 20,
      adapters: new Map([['fast', fast.adapter], ['slow', slow.adapter], ['hang', hang.adapter]]),
    });
    expect(result.statuses.map((s) => [s.library, s.state])).toEqual([['hang', 'timeout'], ['fast', 'ok'], ['slow', 'ok']]);
    expect(result.statuses[1]).toMatchObject({ hits: 100, fetched: 3 });
    expect(result.statuses[0]?.diagnostic).toMatchObject({ source: 'gateway', code: 'timeout', library: 'hang' });
    expect(result.records).toHaveLength(4);
    // The hanging target's I/O was cancelled, and the answer came at the deadline, not later.
    expect(hang.seen.aborted).toBe(true);
    expect(result.elapsedMs).toBe(300);
    expect(result.statuses[0]?.elapsedMs).toBe(300);
  });

  it('a per-library timeout (an interceptor) ends that library early while the others continue', async () => {
    const slow = fakeAdapter({ ms: 200 });
    const ok = fakeAdapter({ ms: 50 });
    const result = await run({
      query, deadlineMs: 2000, concurrency: 4, recordsPerLibrary: 5,
      libraries: [testLibrary('slow'), testLibrary('ok')],
      adapters: new Map([['slow', compose(slow.adapter, [timeout(20)])], ['ok', ok.adapter]]),
    });
    expect(result.statuses.map((s) => s.state)).toEqual(['timeout', 'ok']);
    expect(result.statuses[0]).toMatchObject({ elapsedMs: 20, diagnostic: { source: 'gateway', code: 'timeout', library: 'slow' } });
    expect(result.statuses[0]?.diagnostic?.message).toContain('20 ms');
    expect(slow.seen.aborted).toBe(true);
    expect(result.elapsedMs).toBe(50);
  });

  it('reports each library\'s live state: queued behind the bound, connecting, the adapter\'s own phases, then done or failed', async () => {
    const reporting: TargetAdapter = {
      search: (request) =>
        new Promise((resolve) => {
          request.onProgress?.({ phase: 'searching' });
          setTimeout(() => request.onProgress?.({ phase: 'fetching', fetched: 2, total: 4 }), 10);
          setTimeout(() => {
            request.onProgress?.({ phase: 'fetching', fetched: 4, total: 4 });
            resolve({ hits: 4, records: [], diagnostics: [] });
            // Too late: the library has settled.
            setTimeout(() => request.onProgress?.({ phase: 'fetching', fetched: 5, total: 4 }), 1);
          }, 20);
        }),
      close: async () => {},
    };
    const failing = fakeAdapter({ ms: 5, fail: new TargetError({ source: 'http', code: '500', message: 'HTTP 500' }) });
    const seen: string[] = [];
    await run({
      query, deadlineMs: 500, concurrency: 1, recordsPerLibrary: 4,
      libraries: [testLibrary('a'), testLibrary('b')],
      adapters: new Map([['a', reporting], ['b', failing.adapter]]),
      onProgress: (p: LibraryProgress) => seen.push(`${p.library} ${p.phase}${p.total === undefined ? '' : ` ${p.fetched}/${p.total}`}`),
    });
    expect(seen).toEqual(['a queued', 'b queued', 'a connecting', 'a searching', 'a fetching 2/4', 'a fetching 4/4', 'a done', 'b connecting', 'b failed']);
  });

  it('starts the fastest learned library first, then the slowest on down, when all start at once; reports in configuration order', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const learned: Record<string, number | undefined> = { a: 50, b: 20, c: 200, d: undefined, e: 120 };
    const started: string[] = [];
    const adapters = new Map(ids.map((id): [string, TargetAdapter] => [id, { search: async () => (started.push(id), { hits: 0, records: [], diagnostics: [] }), close: async () => {} }]));
    const base = { query, deadlineMs: 500, recordsPerLibrary: 4, libraries: ids.map((id) => testLibrary(id)), adapters, expectedMs: (id: string) => learned[id] };
    const result = await run({ ...base, concurrency: 8 });
    // The fastest (b), then a library not yet learned (d, maybe slow), then by learned time, slowest first.
    expect(started).toEqual(['b', 'd', 'c', 'e', 'a']);
    expect(result.statuses.map((s) => s.library)).toEqual(ids);
    // Under a real bound the queue keeps configuration order; nothing learned: configuration order.
    started.length = 0;
    await run({ ...base, concurrency: 2 });
    expect(started).toEqual(ids);
    started.length = 0;
    await run({ ...base, concurrency: 8, expectedMs: () => undefined });
    expect(started).toEqual(ids);
  });

  it('reports suspended libraries without querying them', async () => {
    const fake = fakeAdapter({});
    const lib = testLibrary('ruc', { service: { status: 'suspended', notice: { zh: '暂停馆际互借服务', en: 'ILL suspended' } } });
    const result = await run({ query, libraries: [lib], adapters: new Map([['ruc', fake.adapter]]), deadlineMs: 100, concurrency: 1, recordsPerLibrary: 5 });
    expect(result.statuses[0]).toMatchObject({ state: 'suspended', hits: 0, diagnostic: { code: 'suspended', message: 'ILL suspended', addinfo: '暂停馆际互借服务' } });
    expect(fake.seen.requests).toHaveLength(0);
  });

  it('keeps a target error as a value with its diagnostic', async () => {
    const failing = fakeAdapter({ fail: new TargetError({ source: 'srw', code: '16', uri: 'info:srw/diagnostic/1/16', message: 'Unsupported index', addinfo: 'dc.title' }) });
    const crashing = fakeAdapter({ fail: new TypeError('boom') });
    const result = await run({
      query, deadlineMs: 500, concurrency: 2, recordsPerLibrary: 5,
      libraries: [testLibrary('a'), testLibrary('b')],
      adapters: new Map([['a', failing.adapter], ['b', crashing.adapter]]),
    });
    expect(result.statuses[0]).toMatchObject({ state: 'error', diagnostic: { source: 'srw', code: '16', uri: 'info:srw/diagnostic/1/16', addinfo: 'dc.title', library: 'a' } });
    expect(result.statuses[1]).toMatchObject({ state: 'error', diagnostic: { source: 'gateway', code: 'internal', library: 'b' } });
    expect(result.statuses[1]?.diagnostic?.message).toContain('boom');
  });

  it('settles libraries still queued behind the concurrency bound at the deadline', async () => {
    const a = fakeAdapter({ hang: true });
    const b = fakeAdapter({ ms: 1 });
    const result = await run({
      query, deadlineMs: 100, concurrency: 1, recordsPerLibrary: 5,
      libraries: [testLibrary('a'), testLibrary('b')],
      adapters: new Map([['a', a.adapter], ['b', b.adapter]]),
    });
    expect(result.statuses.map((s) => s.state)).toEqual(['timeout', 'timeout']);
    expect(result.statuses[1]?.diagnostic?.code).toBe('deadline');
    expect(b.seen.requests).toHaveLength(0);
  });

  it('cancels every in-flight search when the caller aborts', async () => {
    const a = fakeAdapter({ hang: true });
    const controller = new AbortController();
    const pending = fanOut({ query, deadlineMs: 5000, concurrency: 2, recordsPerLibrary: 5, signal: controller.signal, libraries: [testLibrary('a')], adapters: new Map([['a', a.adapter]]) });
    setTimeout(() => controller.abort(), 10);
    await vi.advanceTimersByTimeAsync(10);
    const result = await pending;
    expect(result.statuses[0]?.state).toBe('skipped');
    expect(result.statuses[0]?.diagnostic?.code).toBe('cancelled');
    expect(a.seen.aborted).toBe(true);
  });

  it('streams each library as it settles and survives a throwing listener', async () => {
    const fast = fakeAdapter({ ms: 1 });
    const slow = fakeAdapter({ ms: 20 });
    const order: string[] = [];
    await run({
      query, deadlineMs: 500, concurrency: 2, recordsPerLibrary: 5,
      libraries: [testLibrary('slow'), testLibrary('fast')],
      adapters: new Map([['slow', slow.adapter], ['fast', fast.adapter]]),
      onLibrary: (status) => {
        order.push(status.library);
        throw new Error('listener broke');
      },
    });
    expect(order).toEqual(['fast', 'slow']);
  });

  it('flags every library with a record that failed its charset check, naming the charset used', async () => {
    const mislabelled = (n: number) => ({ ...record('x', n), charset: 'gb18030', charsetMismatch: true });
    const adapter: TargetAdapter = { search: async () => ({ hits: 3, records: [mislabelled(1), mislabelled(2), record('x', 3)], diagnostics: [] }), close: async () => {} };
    const fine: TargetAdapter = { search: async () => ({ hits: 3, records: [mislabelled(1), record('y', 2), record('y', 3)], diagnostics: [] }), close: async () => {} };
    const result = await run({ query, deadlineMs: 500, concurrency: 2, recordsPerLibrary: 5, libraries: [testLibrary('a'), testLibrary('b')], adapters: new Map([['a', adapter], ['b', fine]]) });
    expect(result.statuses[0]?.warnings).toEqual([expect.objectContaining({ source: 'gateway', code: 'charset-mismatch', addinfo: 'gb18030', library: 'a' })]);
    expect(result.statuses[0]?.warnings[0]?.message).toContain('2 of 3 records');
    expect(result.statuses[0]?.warnings[0]?.message).toContain('decoded as gb18030');
    expect(result.statuses[1]?.warnings).toEqual([expect.objectContaining({ code: 'charset-mismatch', message: expect.stringContaining('1 of 3 records') })]);
  });

  it('passes the record budget and the query to each adapter', async () => {
    const a = fakeAdapter({});
    await run({ query, deadlineMs: 500, concurrency: 1, recordsPerLibrary: 7, libraries: [testLibrary('a')], adapters: new Map([['a', a.adapter]]) });
    expect(a.seen.requests[0]).toMatchObject({ query, start: 1, count: 7 });
  });
});

describe('fanOut starts', () => {
  it('starts its libraries a slice at a time: the loop\'s other work runs between starts that cost CPU', async () => {
    vi.useRealTimers();
    const order: string[] = [];
    // Each start costs 2 ms of CPU (its wrappers, its request built and sent): 12 of them are several slices.
    const busyAdapter = (id: string): TargetAdapter => ({
      search() {
        order.push(id);
        const end = performance.now() + 2;
        while (performance.now() < end) {
          // CPU work of a start.
        }
        return Promise.resolve({ hits: 0, records: [], diagnostics: [] });
      },
      close: async () => {},
    });
    const libraries = Array.from({ length: 12 }, (_, i) => testLibrary(`lib${i}`));
    setImmediate(() => order.push('other work'));
    const result = await fanOut({ query, libraries, adapters: new Map(libraries.map((l) => [l.id, busyAdapter(l.id)])), deadlineMs: 10_000, concurrency: 12, recordsPerLibrary: 10 });
    expect(result.statuses.map((s) => s.state)).toEqual(libraries.map(() => 'ok'));
    const at = order.indexOf('other work');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(order.length - 1);
    // Configuration order is kept (nothing learned): the slices only spread the starts out.
    expect(order.filter((x) => x !== 'other work')).toEqual(libraries.map((l) => l.id));
  });

  it('holds its starts while the gateway refuses a burst, and starts them once the burst is over', async () => {
    const startedAt: number[] = [];
    const { adapter } = fakeAdapter({ ms: 10 });
    const counting: TargetAdapter = { search: (r) => (startedAt.push(Date.now()), adapter.search(r)), close: async () => {} };
    const libraries = [testLibrary('a'), testLibrary('b')];
    // The door refuses a burst for its first 300 ms.
    const result = await run({ query, libraries, adapters: new Map(libraries.map((l) => [l.id, counting])), deadlineMs: 8000, concurrency: 2, recordsPerLibrary: 10, holdStarts: () => Date.now() < 300 });
    expect(startedAt).toHaveLength(2);
    for (const at of startedAt) expect(at).toBeGreaterThanOrEqual(300);
    expect(startedAt.every((at) => at < 300 + 25 + 1)).toBe(true);
    expect(result.statuses.map((s) => s.state)).toEqual(['ok', 'ok']);
    expect(result.heldMs).toBeGreaterThanOrEqual(300);
    expect(result.heldMs).toBeLessThanOrEqual(result.elapsedMs);
  });

  it('holds its starts no longer than maxStartHold of its deadline, however long the burst', async () => {
    const startedAt: number[] = [];
    const { adapter } = fakeAdapter({ ms: 10 });
    const counting: TargetAdapter = { search: (r) => (startedAt.push(Date.now()), adapter.search(r)), close: async () => {} };
    const libraries = [testLibrary('a')];
    const result = await run({ query, libraries, adapters: new Map([['a', counting]]), deadlineMs: 4000, concurrency: 1, recordsPerLibrary: 10, holdStarts: () => true });
    expect(maxStartHold(4000)).toBe(1000);
    expect(startedAt).toEqual([1000]);
    expect(result.heldMs).toBe(1000);
    expect(result.statuses[0]?.state).toBe('ok');
    expect(maxStartHold(60_000)).toBe(2000);
  });

  it('settles held starts when the caller aborts during the hold, without starting them', async () => {
    const { adapter, seen } = fakeAdapter({ ms: 10 });
    const controller = new AbortController();
    const libraries = [testLibrary('a')];
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 100);
    const result = await run({ query, libraries, adapters: new Map([['a', adapter]]), deadlineMs: 8000, concurrency: 1, recordsPerLibrary: 10, signal: controller.signal, holdStarts: () => true });
    expect(result.statuses[0]?.state).toBe('skipped');
    expect(result.elapsedMs).toBeLessThan(150);
    expect(seen.requests.length).toBeLessThanOrEqual(1);
  });
});

