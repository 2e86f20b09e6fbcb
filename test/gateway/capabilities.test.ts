/**
 * The capability store on fake timers: configured capabilities win and are never probed,
 * every other library is probed at start and again after the (jittered) interval, a failed
 * probe leaves the library unknown and is retried sooner, and close() stops the schedule.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Capabilities } from '../../src/adapter-api/capabilities.ts';
import { CapabilityStore, type DiscoverySettings, type Probe } from '../../src/gateway/capabilities.ts';

const settings: DiscoverySettings = { enabled: true, intervalSeconds: 3600, jitter: 0.2, timeoutMs: 5000 };
const found = (indexes: Capabilities['indexes']): Capabilities => ({ indexes, source: 'sru-explain', at: new Date().toISOString() });

describe('CapabilityStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('probes at start, then again after interval ± jitter; configured capabilities are never probed', async () => {
    const calls: string[] = [];
    const probe = (id: string, indexes: Capabilities['indexes']): Probe => async () => {
      calls.push(id);
      return found(indexes);
    };
    const probes: Record<string, Probe> = { a: probe('a', ['title', 'author']), b: probe('b', ['title', 'isbn']), c: probe('c', ['title']) };
    // random 1 = the longest wait: interval × (1 + jitter).
    const store = new CapabilityStore({ libraries: [{ id: 'a' }, { id: 'b' }, { id: 'c', capabilities: { indexes: ['title', 'issn'] } }], probeOf: (id) => probes[id], settings, random: () => 1 });
    expect(store.get('a')).toBeUndefined();
    expect(store.get('c')).toMatchObject({ indexes: ['title', 'issn'], source: 'config' });
    await store.start();
    expect(calls.sort()).toEqual(['a', 'b']);
    expect(store.get('a')?.indexes).toEqual(['title', 'author']);
    expect(store.state('a')).toMatchObject({ configured: false, lastProbe: { outcome: 'ok' }, nextProbeAt: '2026-12-05T11:12:00.000Z' });

    await vi.advanceTimersByTimeAsync(3600_000 * 1.2 - 1000);
    expect(calls).toHaveLength(2);
    probes.a = probe('a', ['title']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.sort()).toEqual(['a', 'a', 'b', 'b']);
    // The re-probe replaced what was known.
    expect(store.get('a')?.indexes).toEqual(['title']);
    expect(store.get('c')?.source).toBe('config');
    store.close();
    await vi.advanceTimersByTimeAsync(10 * 3600_000);
    expect(calls).toHaveLength(4);
  });

  it('jitter spreads the waits: random 0 is the shortest, interval × (1 − jitter)', async () => {
    let calls = 0;
    const store = new CapabilityStore({ libraries: [{ id: 'a' }], probeOf: () => async () => (calls++, found(['title'])), settings, random: () => 0 });
    await store.start();
    await vi.advanceTimersByTimeAsync(3600_000 * 0.8 - 1);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    store.close();
  });

  it('a failed probe leaves the library unknown (searches are sent) and is retried within 5 minutes', async () => {
    let fail = false;
    const store = new CapabilityStore({
      libraries: [{ id: 'a' }],
      probeOf: () => async () => {
        if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
        return found(['title']);
      },
      settings,
      random: () => 0.5,
    });
    const outcomes: string[] = [];
    const watched = new CapabilityStore({ libraries: [{ id: 'x' }], probeOf: () => undefined, settings, onProbe: (_l, o) => outcomes.push(o) });
    await watched.start();
    // An adapter without probe: unknown, never probed.
    expect(watched.state('x')).toEqual({ configured: false });
    expect(outcomes).toEqual([]);

    await store.start();
    expect(store.get('a')?.indexes).toEqual(['title']);
    fail = true;
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(store.get('a')).toBeUndefined();
    expect(store.state('a')?.lastProbe).toMatchObject({ outcome: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(store.state('a')?.nextProbeAt).toBe(new Date(Date.now() + 300_000).toISOString());
    fail = false;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(store.get('a')?.indexes).toEqual(['title']);
    store.close();
  });

  it('a probe that does not answer is ended by its budget, and a probe already running is joined', async () => {
    let started = 0;
    const store = new CapabilityStore({
      libraries: [{ id: 'slow' }],
      probeOf: () => ({ signal }) => {
        started += 1;
        return new Promise<Capabilities>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
      settings,
    });
    const first = store.probeNow('slow');
    const second = store.probeNow('slow');
    expect(started).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a.lastProbe).toMatchObject({ outcome: 'failed', error: 'probe not answered within 5000 ms' });
    store.close();
  });

  it('close() aborts a probe still running (its connections end with the gateway)', async () => {
    let aborted: unknown;
    const store = new CapabilityStore({
      libraries: [{ id: 'slow' }],
      probeOf: () => ({ signal }) =>
        new Promise<Capabilities>((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            reject(signal.reason);
          }),
        ),
      settings,
    });
    const running = store.probeNow('slow');
    store.close();
    await running;
    expect(aborted).toBeInstanceOf(Error);
    expect((aborted as Error).message).toBe('the gateway is closing');
  });

  it('discovery turned off probes nothing', async () => {
    let calls = 0;
    const store = new CapabilityStore({ libraries: [{ id: 'a' }], probeOf: () => async () => (calls++, found(['title'])), settings: { ...settings, enabled: false } });
    await store.start();
    await vi.advanceTimersByTimeAsync(10 * 3600_000);
    expect(calls).toBe(0);
    expect(store.get('a')).toBeUndefined();
  });
});
