/**
 * How many searches the event loop can carry right now. A search is mostly CPU on the one
 * JavaScript thread (decoding, mapping, merging the records of every library), so a fixed
 * in-flight count is either too small for light searches or, for heavy ones, lets queued I/O
 * callbacks pile up until /healthz and even the 503s wait for seconds. The limit follows the
 * loop instead: it shrinks multiplicatively while the loop is saturated (utilization above
 * the target, or timers firing late) and grows by one while there is headroom and the limit is
 * what holds searches back (AIMD, as TCP and Netflix's concurrency-limits do).
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface LoopSample {
  /** Share of the last period the loop was busy, 0–1. */
  utilization: number;
  /** 99th percentile of how late a timer fired in the last period, ms. */
  delayMs: number;
}

export interface LoopLimitSettings {
  /** Never below this many searches in flight. */
  min: number;
  /** Never above (the configured maxInFlight). */
  max: number;
  /** Busy share above which the loop counts as saturated. */
  targetUtilization: number;
  /** Timer lateness (p99) above which the loop counts as saturated. */
  maxDelayMs: number;
  /** Sampling period. */
  periodMs: number;
}

// min 2: one slow search must not hold every other one back.
export const DEFAULT_LOOP_LIMIT: Omit<LoopLimitSettings, 'max'> = { min: 2, targetUtilization: 0.85, maxDelayMs: 60, periodMs: 250 };

/** The process's own event loop, sampled once per period. */
function processLoopSampler(): { sample(): LoopSample; stop(): void } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    sample() {
      const now = performance.eventLoopUtilization();
      const utilization = performance.eventLoopUtilization(now, last).utilization;
      last = now;
      const delayMs = delay.count > 0 ? Math.max(0, delay.percentile(99) / 1e6 - 10) : 0;
      delay.reset();
      return { utilization, delayMs };
    },
    stop: () => delay.disable(),
  };
}

export class LoopLimit {
  private value: number;
  private readonly listeners = new Set<() => void>();

  constructor(readonly settings: LoopLimitSettings) {
    this.value = settings.max;
  }

  get current(): number {
    return this.value;
  }

  /** Called after the limit rose (waiting searches may start). */
  onRaise(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One period's sample; `running` is how many searches were in flight at its end. */
  observe(sample: LoopSample, running: number): void {
    const { min, max, targetUtilization, maxDelayMs } = this.settings;
    const saturated = sample.utilization > targetUtilization || sample.delayMs > maxDelayMs;
    if (saturated) {
      this.value = Math.max(min, Math.min(this.value, Math.floor(running * 0.75)));
      return;
    }
    // Grow only when the limit is what holds searches back; idle headroom proves nothing.
    if (this.value < max && running >= this.value) {
      this.value += 1;
      for (const listener of this.listeners) listener();
    }
  }
}

/** Samples the process's loop every period and feeds the limit; the timer never keeps the process alive. */
export function followLoop(limit: LoopLimit, running: () => number): () => void {
  const sampler = processLoopSampler();
  const timer = setInterval(() => limit.observe(sampler.sample(), running()), limit.settings.periodMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sampler.stop();
  };
}
