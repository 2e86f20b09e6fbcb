/** The wrappers a library's config asks for, outermost first (timeout counts every wait and retry). */
import type { LibraryConfig } from '../config/schema.ts';
import { cache } from './cache.ts';
import type { Interceptor } from './interceptor.ts';
import { rateLimit } from './rate-limit.ts';
import { retryAfter } from './retry-after.ts';
import { timeout } from './timeout.ts';

export function interceptorsFor(library: Pick<LibraryConfig, 'timeoutMs' | 'interceptors'>): Interceptor[] {
  const chain: Interceptor[] = [];
  const settings = library.interceptors ?? {};
  if (library.timeoutMs !== undefined) chain.push(timeout(library.timeoutMs));
  if (settings.cache) chain.push(cache(settings.cache));
  if (settings.retryAfter) chain.push(retryAfter(settings.retryAfter));
  if (settings.rateLimit) chain.push(rateLimit(settings.rateLimit));
  return chain;
}
