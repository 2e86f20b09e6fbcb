/**
 * Cross-cutting behaviour (timeouts, caching, rate limiting, retry-after; circuit breaking
 * later) as small wrappers around an adapter, composed per library the way undici composes
 * dispatchers. Neither the fan-out nor any adapter knows which wrappers a library has.
 */
import type { SearchRequest, SearchResult, TargetAdapter } from '../adapter-api/contract.ts';

export type Interceptor = (next: TargetAdapter) => TargetAdapter;

/** `next` with its search replaced; close, members and probe pass through. */
export function withSearch(next: TargetAdapter, search: (request: SearchRequest) => Promise<SearchResult>): TargetAdapter {
  const wrapped: TargetAdapter = { search, close: () => next.close() };
  if (next.members) wrapped.members = (options) => next.members!(options);
  if (next.probe) wrapped.probe = (options) => next.probe!(options);
  return wrapped;
}

/** The first interceptor is the outermost: compose(a, [timeout, cache]) = timeout(cache(a)). */
export function compose(adapter: TargetAdapter, interceptors: readonly Interceptor[]): TargetAdapter {
  return interceptors.reduceRight((next, interceptor) => interceptor(next), adapter);
}
