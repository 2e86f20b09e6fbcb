/**
 * How long the gateway's own event loop was stalled: while a fan-out holds the clock, a timer
 * every `periodMs` notes how late it fired. A busy loop (other libraries' answers being decoded, the machine's other processes)
 * delays reading a reply just as it delays a timer, so a library's answer time net of the stall
 * is what the library itself took. The fan-out leaves it out of each library's sample, of the
 * time a library has been out before ending a search early, and of a learned timeout's budget
 * (afterOwnTime), and does not end a search early while the loop is behind. (loop-load.ts's
 * histogram says how late timers were in a period, not how much of a given search was stall,
 * nor whether the loop is behind right now.)
 */
import { afterPendingIo } from './abort.ts';

export interface LoopStall {
  /** Milliseconds stalled since watching began, a stall under way included (monotone). */
  stalledMs(): number;
  /** How far behind the loop is now (a stall under way), 0 when on time. */
  behindMs(): number;
}

/** Lateness at or below this is timer jitter, not a stall. */
const TOLERANCE_MS = 5;

export class LoopStallClock implements LoopStall {
  private stalled = 0;
  private due: number;
  private holders = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly periodMs = 20,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.due = now() + periodMs;
  }

  /** The sampler's tick: what is late beyond jitter counts as stall. */
  tick(): void {
    const at = this.now();
    const late = at - this.due;
    if (late > TOLERANCE_MS) this.stalled += late;
    this.due = at + this.periodMs;
  }

  /** 0 while nobody holds the clock: unwatched, the loop is not known to be behind. */
  behindMs(): number {
    return this.holders > 0 ? this.lateness() : 0;
  }

  private lateness(): number {
    const late = this.now() - this.due;
    return late > TOLERANCE_MS ? late : 0;
  }

  stalledMs(): number {
    return this.stalled + this.behindMs();
  }

  /**
   * Watches the loop while held (each fan-out holds it while its libraries are out); returns the
   * release. An idle gateway then has no 20 ms timer waking it: nothing it does needs its stalls.
   */
  hold(): () => void {
    if (this.holders++ === 0) this.watch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders === 0) this.unwatch();
    };
  }

  private watch(): void {
    this.due = this.now() + this.periodMs;
    const next = () => {
      this.timer = setTimeout(() => {
        this.tick();
        next();
      }, this.periodMs);
      // The timer never keeps the process alive.
      this.timer.unref();
    };
    next();
  }

  private unwatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A stall under way at the release still counts; nothing after it does.
    this.stalled += this.lateness();
  }
}

/** A clock that never stalls: wall time alone. */
export const NO_STALL: LoopStall = { stalledMs: () => 0, behindMs: () => 0 };

/**
 * Runs `fire` once `ms` of time that was not the loop's stall has passed since now: the wait is
 * extended by every stall meanwhile (each timer after the I/O already waiting, see afterPendingIo).
 */
export function afterOwnTime(ms: number, loop: LoopStall, fire: () => void, now: () => number = Date.now): { clear: () => void } {
  const started = now();
  const stallAtStart = loop.stalledMs();
  let timer: { clear: () => void };
  const wait = (left: number) => {
    timer = afterPendingIo(left, () => {
      const own = now() - started - (loop.stalledMs() - stallAtStart);
      if (own < ms) wait(Math.ceil(ms - own));
      else fire();
    });
  };
  wait(ms);
  return { clear: () => timer.clear() };
}
