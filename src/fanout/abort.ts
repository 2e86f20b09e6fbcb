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

export class DeadlineError extends Error {
  constructor(readonly kind: 'library-timeout' | 'deadline' | 'early-end' | 'cancelled', message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/** A timer-backed abort whose reason says which budget ran out. */
export function timeoutSignal(ms: number, kind: DeadlineError['kind'], message: string): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(kind, message)), ms);
  timer.unref?.();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
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
