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
