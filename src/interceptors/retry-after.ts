/**
 * A target that refused with a Retry-After (HTTP 429/503) it can keep within `maxWaitMs`
 * is asked again once that time has passed; a longer wait is reported as it came (the
 * librarian sees when to retry). The wait ends with the search's signal.
 */
import { TargetError } from '../diagnostics.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

export interface RetryAfterOptions {
  maxWaitMs: number;
  retries: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
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

export function retryAfter(options: RetryAfterOptions): Interceptor {
  return (next) =>
    withSearch(next, async (request) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await next.search(request);
        } catch (error) {
          const seconds = error instanceof TargetError ? error.retryAfterSeconds : undefined;
          if (seconds === undefined || attempt >= options.retries || seconds * 1000 > options.maxWaitMs) throw error;
          await sleep(seconds * 1000, request.signal);
        }
      }
    });
}
