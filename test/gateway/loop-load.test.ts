import { describe, expect, it } from 'vitest';
import { followLoop, LoopLimit } from '../../src/gateway/loop-load.ts';

const settings = { min: 1, max: 8, targetUtilization: 0.85, maxDelayMs: 60, periodMs: 250 };

describe('event-loop limit (AIMD)', () => {
  it('starts at the configured maximum', () => {
    expect(new LoopLimit(settings).current).toBe(8);
  });

  it('shrinks to three quarters of what was running when the loop is busy or late, never below min', () => {
    const limit = new LoopLimit(settings);
    limit.observe({ utilization: 0.95, delayMs: 0 }, 8);
    expect(limit.current).toBe(6);
    limit.observe({ utilization: 0.5, delayMs: 200 }, 6);
    expect(limit.current).toBe(4);
    limit.observe({ utilization: 1, delayMs: 500 }, 1);
    expect(limit.current).toBe(1);
  });

  it('grows by one per period only while the limit is what holds searches back', () => {
    const limit = new LoopLimit(settings);
    limit.observe({ utilization: 1, delayMs: 0 }, 4);
    expect(limit.current).toBe(3);
    const raised: number[] = [];
    limit.onRaise(() => raised.push(limit.current));
    limit.observe({ utilization: 0.2, delayMs: 1 }, 1); // idle headroom: no evidence more would fit
    expect(limit.current).toBe(3);
    limit.observe({ utilization: 0.2, delayMs: 1 }, 3);
    limit.observe({ utilization: 0.2, delayMs: 1 }, 4);
    expect(raised).toEqual([4, 5]);
  });

  it('never rises above max', () => {
    const limit = new LoopLimit({ ...settings, max: 2 });
    limit.observe({ utilization: 0.1, delayMs: 0 }, 2);
    expect(limit.current).toBe(2);
  });

  it('follows the real loop: a blocked loop lowers the limit', async () => {
    const limit = new LoopLimit({ ...settings, periodMs: 20, targetUtilization: 0.5 });
    const stop = followLoop(limit, () => 8);
    try {
      // Busy-wait on the loop for ten periods; the sampler then sees it mostly busy.
      const until = performance.now() + 200;
      while (performance.now() < until) {
        /* the loop is saturated */
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(limit.current).toBeLessThan(8);
    } finally {
      stop();
    }
  });
});
