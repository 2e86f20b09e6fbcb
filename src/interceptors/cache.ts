/**
 * Remembers one library's answers for a while (same query, start and count), so a portal
 * asking the same thing again does not ask the library again. Only successful answers are
 * kept; concurrent identical searches share one request. The federated result-set cache
 * (src/resultsets) sits above this and keys on the whole library selection.
 */
import { LRUCache } from 'lru-cache';
import type { SearchResult } from '../adapter-api/contract.ts';
import { queryKey } from '../query/model.ts';
import { asCached } from './holdings-stamp.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

export interface CacheOptions {
  ttlSeconds: number;
  max: number;
  /** Injected for tests (fake clocks); performance.now by default. */
  now?: () => number;
}

export function cache(options: CacheOptions): Interceptor {
  return (next) => {
    const now = options.now;
    const kept = new LRUCache<string, SearchResult>({ max: options.max, ttl: options.ttlSeconds * 1000, ...(now ? { perf: { now }, ttlResolution: 0 } : {}) });
    const inFlight = new Map<string, Promise<SearchResult>>();
    return withSearch(next, async (request) => {
      const key = `${queryKey(request.query)}|${request.start}|${request.count}`;
      if (request.fresh) {
        // A live recheck: ask the library, and keep the newer answer for the others.
        const result = await next.search(request);
        kept.set(key, result);
        return result;
      }
      const hit = kept.get(key);
      if (hit) return asCached(hit);
      // Sharing is only safe while the first caller's search runs: its signal is its own.
      let pending = inFlight.get(key);
      if (!pending) {
        pending = next.search(request).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const result = await pending;
      kept.set(key, result);
      return result;
    });
  };
}
