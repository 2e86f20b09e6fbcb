/**
 * A target that refused with a Retry-After (HTTP 429/503) it can keep within `maxWaitMs`
 * is asked again once that time has passed; a longer wait is reported as it came (the
 * librarian sees when to retry). The wait ends with the search's signal.
 */
import { TargetError } from '../diagnostics.ts';
import { withSearch, type Interceptor } from './interceptor.ts';
import { abortableSleep } from '../fanout/abort.ts';

export interface RetryAfterOptions {
  maxWaitMs: number;
  retries: number;
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
          await abortableSleep(seconds * 1000, request.signal);
        }
      }
    });
}
