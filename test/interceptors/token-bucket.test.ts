/** The per-library token bucket, on fake timers: burst, steady rate, order, abort. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenBucket } from '../../src/interceptors/token-bucket.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then one request per 1/rate seconds, in arrival order', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 2, now: () => Date.now() });
    const signal = new AbortController().signal;
    const granted: [number, number][] = [];
    const all = [0, 1, 2, 3].map((i) => bucket.take(signal).then(() => granted.push([i, Date.now()])));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([[0, 0], [1, 0]]);
    await vi.advanceTimersByTimeAsync(499);
    expect(granted).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toEqual([[0, 0], [1, 0], [2, 500]]);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(all);
    expect(granted.at(-1)).toEqual([3, 1000]);
  });

  it('rejects a waiting request when its search is aborted, and gives its turn to the next', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, now: () => Date.now() });
    await bucket.take(new AbortController().signal);
    const cancelled = new AbortController();
    const first = bucket.take(cancelled.signal);
    const second = bucket.take(new AbortController().signal);
    const firstOutcome = first.then(() => 'granted', (reason: unknown) => reason);
    cancelled.abort(new Error('deadline'));
    await expect(firstOutcome).resolves.toMatchObject({ message: 'deadline' });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(second).resolves.toBeUndefined();
  });

  it('refuses at once when the signal is already aborted', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(bucket.take(controller.signal)).rejects.toThrow('gone');
  });
});
