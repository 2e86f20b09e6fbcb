import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdmissionControl, AdmissionRejected, defaultAdmission, type Admitted } from '../../src/gateway/admission.ts';
import { LoopLimit } from '../../src/gateway/loop-load.ts';

const settings = { maxInFlight: 2, maxQueue: 3, perClient: 2, minRunMs: 1000 };

async function rejection(p: Promise<unknown>): Promise<AdmissionRejected> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AdmissionRejected) return error;
    throw error;
  }
  throw new Error('admitted');
}

describe('admission control', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults scale with the cores', () => {
    expect(defaultAdmission(2).maxInFlight).toBe(8);
    expect(defaultAdmission(8).maxInFlight).toBeGreaterThan(defaultAdmission(2).maxInFlight);
  });

  it('bounds searches in flight, queues the rest and counts the wait against the deadline', async () => {
    const control = new AdmissionControl(settings, () => Date.now());
    const a = await control.acquire('x', 8000);
    await control.acquire('y', 8000);
    const queued = control.acquire('z', 8000);
    expect(control.stats).toEqual({ running: 2, queued: 1, limit: 2 });
    vi.advanceTimersByTime(1500);
    a.release();
    const admitted = await queued;
    expect(admitted.waitedMs).toBe(1500);
    expect(control.stats).toEqual({ running: 2, queued: 0, limit: 2 });
  });

  it('refuses at once when the queue is full', async () => {
    const control = new AdmissionControl(settings);
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    void control.acquire('c', 8000).catch(() => undefined);
    void control.acquire('d', 8000).catch(() => undefined);
    void control.acquire('e', 8000).catch(() => undefined);
    const refused = await rejection(control.acquire('f', 8000));
    expect(refused.reason).toBe('queue-full');
    expect(refused.retryAfterSeconds).toBe(8);
  });

  it('tells a burst of refusals (8 within 100 ms) from a steady overload, and its end (200 ms without a refusal)', async () => {
    const control = new AdmissionControl({ ...settings, maxQueue: 0 }, () => Date.now());
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    expect(control.refusingBurst()).toBe(false);
    // A steady overload: one refusal every 20 ms is 5 within 100 ms.
    for (let i = 0; i < 20; i += 1) {
      expect(control.refuseAtOnce('c', 8000)?.reason).toBe('queue-full');
      vi.advanceTimersByTime(20);
      expect(control.refusingBurst()).toBe(false);
    }
    // A burst: eight at once.
    for (let i = 0; i < 8; i += 1) control.refuseAtOnce('d', 8000);
    expect(control.refusingBurst()).toBe(true);
    // A lull shorter than 200 ms is not its end; refusals meanwhile, however few, carry it on.
    vi.advanceTimersByTime(150);
    expect(control.refusingBurst()).toBe(true);
    control.refuseAtOnce('d', 8000);
    vi.advanceTimersByTime(199);
    expect(control.refusingBurst()).toBe(true);
    // 200 ms without a refusal: over.
    vi.advanceTimersByTime(1);
    expect(control.refusingBurst()).toBe(false);
    // A refusal after the end does not begin another (one alone is not a burst).
    control.refuseAtOnce('d', 8000);
    expect(control.refusingBurst()).toBe(false);
    // Admissions are not refusals.
    const fresh = new AdmissionControl({ ...settings, maxInFlight: 100, perClient: 100 }, () => Date.now());
    for (let i = 0; i < 20; i += 1) expect(fresh.refuseAtOnce('e', 8000)).toBeUndefined();
    expect(fresh.refusingBurst()).toBe(false);
  });

  it('says synchronously what acquire() would refuse now, and counts it', async () => {
    const control = new AdmissionControl(settings);
    expect(control.refuseAtOnce('a', 8000)).toBeUndefined();
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    // No slot, but room to wait: a search would queue, so nothing is refused.
    expect(control.refuseAtOnce('c', 8000)).toBeUndefined();
    for (const client of ['c', 'd', 'e']) void control.acquire(client, 8000).catch(() => undefined);
    expect(control.refuseAtOnce('f', 8000)).toEqual({ reason: 'queue-full', message: 'the gateway is busy: 2 searches running and 3 waiting', retryAfterSeconds: 8 });
    expect(control.refused['queue-full']).toBe(1);
    expect((await rejection(control.acquire('f', 8000))).message).toBe('the gateway is busy: 2 searches running and 3 waiting');
    expect(control.refused['queue-full']).toBe(2);
    expect(control.stats).toEqual({ running: 2, queued: 3, limit: 2 });
  });

  it('says cheaply whether anyone could be refused: only while no slot is free or a client is at its cap', async () => {
    const control = new AdmissionControl({ ...settings, maxInFlight: 3, maxQueue: 0 });
    expect(control.mightRefuse()).toBe(false);
    const first = await control.acquire('a', 8000);
    expect(control.mightRefuse()).toBe(false);
    expect(control.refuseAtOnce('a', 8000)).toBeUndefined();
    const second = await control.acquire('a', 8000);
    // 'a' is at its cap (2) with a slot still free: 'a' is refused, 'b' is not.
    expect(control.mightRefuse()).toBe(true);
    expect(control.refuseAtOnce('a', 8000)?.reason).toBe('queue-full');
    expect(control.refuseAtOnce('b', 8000)).toBeUndefined();
    await control.acquire('b', 8000);
    expect(control.mightRefuse()).toBe(true);
    first.release();
    second.release();
    expect(control.mightRefuse()).toBe(false);
  });

  it('refuses a queued search that could not start with minRunMs of its deadline left', async () => {
    const control = new AdmissionControl(settings);
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    const waiting = rejection(control.acquire('c', 3000));
    vi.advanceTimersByTime(2000);
    expect((await waiting).reason).toBe('deadline');
    expect(control.stats.queued).toBe(0);
    expect((await rejection(control.acquire('d', 900))).reason).toBe('deadline');
  });

  it('starts waiting searches round-robin across clients', async () => {
    const control = new AdmissionControl({ maxInFlight: 1, maxQueue: 10, perClient: 1, minRunMs: 0 });
    const order: string[] = [];
    const admitted: Admitted[] = [await control.acquire('first', 8000)];
    const waits = ['portal', 'portal', 'ui', 'reader'].map((client) =>
      control.acquire(client, 8000).then((t) => {
        order.push(client);
        admitted.push(t);
      }),
    );
    for (let i = 0; i < waits.length; i += 1) {
      admitted.shift()?.release();
      await vi.advanceTimersByTimeAsync(0);
    }
    await Promise.all(waits);
    expect(order).toEqual(['portal', 'ui', 'reader', 'portal']);
  });

  it('a client that leaves while waiting gives its place back', async () => {
    const control = new AdmissionControl(settings);
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    const leave = new AbortController();
    const waiting = control.acquire('c', 8000, leave.signal).catch((e: unknown) => e);
    leave.abort(new Error('gone'));
    expect(((await waiting) as Error).message).toBe('gone');
    expect(control.stats.queued).toBe(0);
  });

  it('one client cannot fill the queue', async () => {
    const control = new AdmissionControl({ maxInFlight: 2, maxQueue: 100, perClient: 1, minRunMs: 0 });
    await control.acquire('portal', 8000);
    void control.acquire('portal', 8000).catch(() => undefined);
    expect((await rejection(control.acquire('portal', 8000))).reason).toBe('client-busy');
    await expect(control.acquire('ui', 8000)).resolves.toMatchObject({ waitedMs: 0 });
  });

  it('refuses at once a search that could not expect a slot before its deadline', async () => {
    const control = new AdmissionControl({ ...settings, maxQueue: 10 }, () => Date.now());
    const a = await control.acquire('a', 8000);
    const b = await control.acquire('b', 8000);
    vi.advanceTimersByTime(4000);
    a.release();
    b.release(); // searches hold a slot about 4 s
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    // Two slots, 4 s each: the 1st and 2nd waiters expect 2 s and 4 s, the 4th would expect 8 s > 7 s.
    void control.acquire('c', 8000).catch(() => undefined);
    void control.acquire('d', 8000).catch(() => undefined);
    void control.acquire('e', 8000).catch(() => undefined);
    expect((await rejection(control.acquire('f', 8000))).reason).toBe('deadline');
    expect(control.stats.queued).toBe(3);
  });

  it('refuses a search that waited maxWaitMs', async () => {
    const control = new AdmissionControl({ ...settings, maxWaitMs: 750 });
    await control.acquire('a', 8000);
    await control.acquire('b', 8000);
    const waiting = rejection(control.acquire('c', 8000));
    await vi.advanceTimersByTimeAsync(749);
    expect(control.stats.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await waiting).reason).toBe('deadline');
  });

  it('starts no more searches than the loop limit allows, and starts waiting ones when it rises', async () => {
    const limit = new LoopLimit({ min: 1, max: 4, targetUtilization: 0.85, maxDelayMs: 60, periodMs: 250 });
    const control = new AdmissionControl({ ...settings, maxInFlight: 4, perClient: 4, maxQueue: 10 }, undefined, limit);
    await control.acquire('a', 8000);
    await control.acquire('a', 8000);
    // A saturated loop with 2 running: the limit drops to 1, so the next search waits.
    limit.observe({ utilization: 0.99, delayMs: 5 }, 2);
    expect(control.stats.limit).toBe(1);
    const third = control.acquire('b', 8000);
    expect(control.stats).toEqual({ running: 2, queued: 1, limit: 1 });
    // Headroom while the limit holds searches back: it rises by one per period.
    limit.observe({ utilization: 0.3, delayMs: 1 }, 2);
    limit.observe({ utilization: 0.3, delayMs: 1 }, 2);
    expect(control.stats.limit).toBe(3);
    await expect(third).resolves.toMatchObject({ waitedMs: expect.any(Number) });
    expect(control.stats).toEqual({ running: 3, queued: 0, limit: 3 });
  });
});
