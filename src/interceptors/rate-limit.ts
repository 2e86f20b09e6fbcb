/**
 * At most `searchesPerSecond` searches to one library (after a burst), for targets that ask
 * to be queried gently. A search waiting for its turn still ends on its signal.
 */
import { TargetError, gatewayDiagnostic } from '../diagnostics.ts';
import { withSearch, type Interceptor } from './interceptor.ts';
import type { RateLimiter } from '../adapter-api/limits.ts';
import { TokenBucket } from './token-bucket.ts';

export interface RateLimitOptions {
  searchesPerSecond: number;
  burst: number;
  now?: () => number;
  /** A shared bucket (gateway.stores.limits: Redis, one for every instance); default: this process's own. */
  limiter?: RateLimiter;
}

export function rateLimit(options: RateLimitOptions): Interceptor {
  return (next) => {
    const bucket = options.limiter ?? new TokenBucket({ ratePerSecond: options.searchesPerSecond, burst: options.burst, ...(options.now ? { now: options.now } : {}) });
    return withSearch(next, async (request) => {
      await bucket.take(request.signal).catch((reason: unknown) => {
        throw new TargetError(gatewayDiagnostic('rate-limited', `still waiting for this library's rate limit (${options.searchesPerSecond}/s) when the search ended`), 'timeout', { cause: reason });
      });
      return next.search(request);
    });
  };
}
