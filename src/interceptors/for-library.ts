/** The wrappers a library's config asks for, outermost first (timeout counts every wait and retry). */
import type { LimiterFactory } from '../adapter-api/limits.ts';
import type { LibraryConfig } from '../config/schema.ts';
import { cache } from './cache.ts';
import type { Interceptor } from './interceptor.ts';
import { rateLimit } from './rate-limit.ts';
import { retryAfter } from './retry-after.ts';
import { timeout } from './timeout.ts';

/** `limits`: shared buckets (gateway.stores.limits), so the rate holds across instances. */
export function interceptorsFor(library: Pick<LibraryConfig, 'timeoutMs' | 'interceptors'> & { id?: string }, limits?: LimiterFactory): Interceptor[] {
  const chain: Interceptor[] = [];
  const settings = library.interceptors ?? {};
  if (library.timeoutMs !== undefined) chain.push(timeout(library.timeoutMs));
  if (settings.cache) chain.push(cache(settings.cache));
  if (settings.retryAfter) chain.push(retryAfter(settings.retryAfter));
  if (settings.rateLimit) {
    const { searchesPerSecond, burst } = settings.rateLimit;
    chain.push(rateLimit({ ...settings.rateLimit, ...(limits && library.id ? { limiter: limits.rate(`${library.id}:searches`, { ratePerSecond: searchesPerSecond, burst }) } : {}) }));
  }
  return chain;
}
