/** src/http/loop-slices.ts: jobs run a slice per turn of the event loop, in order, and others get the turns between. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoopSlices } from '../../src/http/loop-slices.ts';

/** A clock each job moves on by `costMs`, so that slices are decided by the jobs' cost, not the machine's speed. */
function fakeClock(): { advance(ms: number): void } {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  return { advance: (ms) => (now += ms) };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LoopSlices', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs a job at once when nothing waits', () => {
    const slices = new LoopSlices(5, () => undefined);
    let ran = false;
    slices.run(() => (ran = true));
    expect(ran).toBe(true);
    expect(slices.waiting).toBe(0);
  });

  it('runs what fits in a slice now, the rest in order over later turns, with other callbacks between the slices', async () => {
    const clock = fakeClock();
    const slices = new LoopSlices(5, () => undefined);
    const order: string[] = [];
    for (let i = 1; i <= 10; i += 1) {
      slices.run(() => {
        order.push(`job ${i}`);
        clock.advance(2);
      });
    }
    // 2 + 2 ms are under the slice, the third job spends it.
    expect(order).toEqual(['job 1', 'job 2', 'job 3']);
    expect(slices.waiting).toBe(7);
    // Queued after the first drain: runs after its slice, before the next one.
    setImmediate(() => order.push('other'));
    await vi.waitFor(() => expect(slices.waiting).toBe(0));
    expect(order).toEqual(['job 1', 'job 2', 'job 3', 'job 4', 'job 5', 'job 6', 'other', 'job 7', 'job 8', 'job 9', 'job 10']);
  });

  it('starts a new slice every turn, so jobs after a quiet turn run at once again', async () => {
    const clock = fakeClock();
    const slices = new LoopSlices(5, () => undefined);
    slices.run(() => clock.advance(10));
    let ran = false;
    slices.run(() => (ran = true));
    expect(ran).toBe(false);
    await nextTurn();
    expect(ran).toBe(true);
    await nextTurn();
    let again = false;
    slices.run(() => (again = true));
    expect(again).toBe(true);
  });

  it('keeps order across thousands of waiting jobs (the run ones are dropped from the queue as it goes)', async () => {
    const clock = fakeClock();
    const slices = new LoopSlices(5, () => undefined);
    const seen: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      slices.run(() => {
        seen.push(i);
        clock.advance(1);
      });
    }
    await vi.waitFor(() => expect(slices.waiting).toBe(0), { timeout: 5000 });
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('runs one waiting job a turn at least, whatever the slice', async () => {
    const slices = new LoopSlices(0, () => undefined);
    const ran: number[] = [];
    for (let i = 1; i <= 3; i += 1) slices.run(() => ran.push(i));
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual([1]);
    await vi.waitFor(() => expect(ran).toEqual([1, 2, 3]));
  });

  it('reports a job that throws and runs the others', async () => {
    const clock = fakeClock();
    const errors: unknown[] = [];
    const slices = new LoopSlices(5, (error) => errors.push(error));
    const ran: number[] = [];
    slices.run(() => clock.advance(10));
    slices.run(() => {
      throw new Error('broken job');
    });
    slices.run(() => ran.push(3));
    await vi.waitFor(() => expect(slices.waiting).toBe(0));
    expect(errors).toEqual([new Error('broken job')]);
    expect(ran).toEqual([3]);
  });
});
