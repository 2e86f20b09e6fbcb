import { describe, expect, it } from 'vitest';
import { CpuSlices, cpuTurn } from '../../src/adapter-api/cpu-turns.ts';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Simulated decoding work.
  }
};

describe('cpuTurn', () => {
  it('runs one caller per loop iteration, so a due timer runs between two heavy slices', async () => {
    const order: string[] = [];
    const first = cpuTurn().then(() => {
      order.push('first');
      setTimeout(() => order.push('timer'), 1);
      busy(5); // the timer is due before the next iteration begins
    });
    const second = cpuTurn().then(() => order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'timer', 'second']);
  });

  it('hands out turns in arrival order', async () => {
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => cpuTurn().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('lets an aborted caller go at once and out of the queue', async () => {
    const controller = new AbortController();
    const order: string[] = [];
    const kept = cpuTurn().then(() => order.push('kept'));
    const left = cpuTurn(controller.signal).then(() => order.push('left'));
    controller.abort();
    await Promise.all([kept, left]);
    expect(order).toEqual(['left', 'kept']);
    // Already aborted: no turn taken.
    await expect(cpuTurn(controller.signal)).resolves.toBeUndefined();
  });
});

describe('CpuSlices', () => {
  it('is due once its slice has run the budget, and starts a new slice after the next turn', async () => {
    let now = 100;
    const slices = new CpuSlices({ budgetMs: 4, now: () => now });
    expect(slices.due()).toBe(false);
    now = 103.9;
    expect(slices.due()).toBe(false);
    now = 104;
    expect(slices.due()).toBe(true);
    const order: string[] = [];
    setImmediate(() => order.push('pending I/O'));
    await slices.next().then(() => order.push('next slice'));
    expect(order).toEqual(['pending I/O', 'next slice']);
    expect(slices.due()).toBe(false);
  });

  it('is never due past its `until`: work past its deadline runs to its end', () => {
    let now = 0;
    const slices = new CpuSlices({ budgetMs: 4, until: 10, now: () => now });
    now = 9;
    expect(slices.due()).toBe(true);
    now = 10;
    expect(slices.due()).toBe(false);
  });

  it('throws the signal\'s reason from next() once the work was abandoned', async () => {
    const controller = new AbortController();
    const slices = new CpuSlices({ signal: controller.signal, budgetMs: 0 });
    controller.abort(new Error('the reader left'));
    await expect(slices.next()).rejects.toThrow('the reader left');
  });
});
