/**
 * The loop-stall clock: a tick later than its period (beyond jitter) counts as stall, a stall
 * under way shows as "behind" at once and in the total, and a real blocked loop is counted.
 */
import { describe, expect, it } from 'vitest';
import { LoopStallClock } from '../../src/fanout/loop-stall.ts';

describe('loop stall clock', () => {
  it('counts how late each tick is beyond jitter, and a stall under way before its tick', () => {
    let now = 0;
    const clock = new LoopStallClock(20, () => now);
    const release = clock.hold();
    now = 22;
    clock.tick(); // 2 ms late: jitter
    expect(clock.stalledMs()).toBe(0);
    // The loop is blocked from 42 to 342 ms: behind while it lasts, counted once the tick runs.
    now = 242;
    expect(clock.behindMs()).toBe(200);
    expect(clock.stalledMs()).toBe(200);
    now = 342;
    clock.tick();
    expect(clock.behindMs()).toBe(0);
    expect(clock.stalledMs()).toBe(300);
    now = 362;
    clock.tick();
    expect(clock.stalledMs()).toBe(300);
    release();
  });

  it('watches only while held: unheld, the loop is never behind and nothing is added', () => {
    let now = 0;
    const clock = new LoopStallClock(20, () => now);
    now = 500;
    expect(clock.behindMs()).toBe(0);
    expect(clock.stalledMs()).toBe(0);
    // Two fan-outs hold it; the clock watches from the first hold until the last release.
    const first = clock.hold();
    const second = clock.hold();
    now = 620; // 100 ms behind (due at 520)
    first();
    first(); // a second release of the same hold changes nothing
    expect(clock.behindMs()).toBe(100);
    // The stall under way at the last release counts; after it nothing does.
    second();
    expect(clock.behindMs()).toBe(0);
    expect(clock.stalledMs()).toBe(100);
    now = 5000;
    expect(clock.stalledMs()).toBe(100);
    // Held again: due one period from now, no debt from the unwatched time.
    const third = clock.hold();
    now = 5020;
    expect(clock.behindMs()).toBe(0);
    now = 5100;
    expect(clock.behindMs()).toBe(80);
    third();
  });

  it('a loop really blocked for 300 ms is counted (at least the block less one period)', async () => {
    const clock = new LoopStallClock(20);
    const stop = clock.hold();
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const before = clock.stalledMs();
      const until = performance.now() + 300;
      while (performance.now() < until) {
        // A busy gateway: nothing else runs.
      }
      expect(clock.behindMs()).toBeGreaterThanOrEqual(280);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(clock.stalledMs() - before).toBeGreaterThanOrEqual(280);
    } finally {
      stop();
    }
  });
});
