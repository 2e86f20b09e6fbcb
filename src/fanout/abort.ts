/** Small helpers to make "stop waiting" mean "stop the I/O" across the fan-out. */

/** Rejects when the signal aborts, so a slow adapter can never hold the answer past its budget. */
export function abortPromise(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort: () => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // The race may lose; keep an unobserved rejection from crashing the process.
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * A signal that aborts when any of `signals` does (with its reason), or when `abort()` is called
 * (a budget's own timer: one controller per budget, not one per timer and one to join them),
 * until `dispose()`. Not AbortSignal.any: on Node 20 each call leaves a WeakRef in every source's
 * dependants set that is never taken out, so a long-lived source (a Z39.50 session's signal,
 * thousands of searches) grows by two per search and library, and the GC traces them all.
 * Dispose once the work that listens is over; a source aborting later is then nobody's business.
 */
export function linkedSignal(signals: readonly AbortSignal[]): { signal: AbortSignal; abort: (reason: unknown) => void; dispose: () => void } {
  const controller = new AbortController();
  const links: { source: AbortSignal; onAbort: () => void }[] = [];
  const dispose = () => {
    for (const { source, onAbort } of links) source.removeEventListener('abort', onAbort);
    links.length = 0;
  };
  const abort = (reason: unknown) => {
    dispose();
    controller.abort(reason);
  };
  for (const source of signals) {
    if (source.aborted) {
      abort(source.reason);
      break;
    }
    const onAbort = () => abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    links.push({ source, onAbort });
  }
  return { signal: controller.signal, abort, dispose };
}

export class DeadlineError extends Error {
  constructor(readonly kind: 'library-timeout' | 'deadline' | 'early-end' | 'cancelled', message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/** A timer this late means the loop was blocked (a busy gateway), not that it is merely imprecise. */
const LATE_MS = 2;

/**
 * Runs `fire` after `ms`, but after a blocked loop only once the I/O already waiting has been
 * read: a loop blocked past the time (a busy gateway decoding other libraries' answers) runs
 * due timers before it polls sockets, so a plain timer would cut an answer that arrived in time
 * and sat unread. setImmediate runs after the poll phase, so those answers settle first.
 */
export function afterPendingIo(ms: number, fire: () => void): { clear: () => void } {
  let immediate: NodeJS.Immediate | undefined;
  const due = Date.now() + ms;
  const timer = setTimeout(() => {
    if (Date.now() - due >= LATE_MS) immediate = setImmediate(fire);
    else fire();
  }, ms);
  timer.unref?.();
  return {
    clear: () => {
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}

/** A timer-backed abort whose reason says which budget ran out (after the I/O already waiting, see afterPendingIo). */
export function timeoutSignal(ms: number, kind: DeadlineError['kind'], message: string): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = afterPendingIo(ms, () => controller.abort(new DeadlineError(kind, message)));
  return { signal: controller.signal, clear: timer.clear };
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (a retry or a slot wait never outlives its search). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
