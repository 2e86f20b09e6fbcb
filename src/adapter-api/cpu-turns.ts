/**
 * Cooperative time-slicing of the one JavaScript thread. When many libraries answer at once,
 * each answer's decoding, mapping and merging is a task of tens of milliseconds; Node runs
 * every ready callback of a loop turn back to back, so a /healthz probe or a request that
 * should get an immediate 503 waited behind all of them (seconds, under a burst). Heavy work
 * therefore first takes a turn here: turns are handed out one per loop iteration, in arrival
 * order, and each iteration's I/O (new requests, health probes) runs between two turns.
 */

// Taken at load: a test's fake timers must not stall real I/O decoding behind a frozen clock.
const nextIteration = globalThis.setImmediate;
const waiting: (() => void)[] = [];
let pumping = false;

function pump(): void {
  const next = waiting.shift();
  // An immediate queued from inside the check phase runs in the next iteration, after its poll phase.
  if (waiting.length > 0) nextIteration(pump);
  else pumping = false;
  next?.();
}

/**
 * Resolves when this caller may run its next slice of CPU work. A signal that aborts
 * meanwhile resolves it early (the caller then sees its own signal aborted and stops).
 */
export function cpuTurn(signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let onAbort: (() => void) | undefined;
    const take = () => {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    if (signal) {
      onAbort = () => {
        const at = waiting.indexOf(take);
        if (at >= 0) waiting.splice(at, 1);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    waiting.push(take);
    if (!pumping) {
      pumping = true;
      nextIteration(pump);
    }
  });
}

/** How long one slice of a long piece of CPU work may run before it takes another turn, ms. */
const SLICE_MS = 4;

export interface SliceOptions {
  /** Abandoned work stops at its next slice. */
  signal?: AbortSignal;
  /** How long a slice runs, ms (SLICE_MS). */
  budgetMs?: number;
  /**
   * The clock reading (performance.now) after which the work runs to its end without taking
   * turns: a search past its deadline finishes at once. Turns come one per loop iteration, and
   * under a burst of connections an iteration can take tens of milliseconds.
   */
  until?: number;
  now?: () => number;
}

/**
 * A long piece of CPU work (one library's hundreds of records, a search's final clusters) cut
 * into slices: a single turn of 100 ms held every /healthz probe and every 503 of a burst for
 * 100 ms. The worker asks `due()` between two items (cheap: a clock read) and, when its slice
 * has run its budget, awaits `next()`: the next turn, after the loop's pending I/O.
 */
export class CpuSlices {
  private readonly signal: AbortSignal | undefined;
  private readonly budgetMs: number;
  private readonly until: number;
  private readonly now: () => number;
  private started: number;

  constructor(options: SliceOptions = {}) {
    this.signal = options.signal;
    this.budgetMs = options.budgetMs ?? SLICE_MS;
    this.until = options.until ?? Infinity;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  due(): boolean {
    const now = this.now();
    return now - this.started >= this.budgetMs && now < this.until;
  }

  /** The next turn; throws the signal's reason when the work was abandoned meanwhile (no point finishing it). */
  async next(): Promise<void> {
    await cpuTurn(this.signal);
    this.signal?.throwIfAborted();
    this.started = this.now();
  }
}
