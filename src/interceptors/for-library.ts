/** The wrappers a library's config asks for, outermost first (capability gate, then breaker: it sees every timeout; timeout counts every wait and retry). */
import type { LimiterFactory } from '../adapter-api/limits.ts';
import type { LibraryConfig } from '../config/schema.ts';
import { resilienceFor } from '../config/resilience.ts';
import { adaptiveTimeout, type LatencyModel } from '../gateway/latency.ts';
import type { BreakerRecord, HealthStorage } from '../stores/health.ts';
import type { LoopStall } from '../fanout/loop-stall.ts';
import { cache } from './cache.ts';
import { capabilityGate } from './capability-gate.ts';
import type { Capabilities } from '../adapter-api/capabilities.ts';
import { holdingsStamp } from './holdings-stamp.ts';
import { ownAnswerStrings } from './own-strings.ts';
import { circuitBreaker, type BreakerControl } from './circuit-breaker.ts';
import type { Interceptor } from './interceptor.ts';
import { rateLimit } from './rate-limit.ts';
import { retryAfter } from './retry-after.ts';
import { timeout } from './timeout.ts';

/** What the breaker and the adaptive timeout share with the gateway; without it neither is applied. */
export interface ResilienceContext {
  health: HealthStorage;
  latency: LatencyModel;
  /** The gateway deadline: the configured budget of a library without its own timeoutMs. */
  deadlineMs: number;
  breakers: Map<string, BreakerControl>;
  onBreakerChange?: (library: string, record: BreakerRecord) => void;
  /** The gateway's loop stalls, left out of learned budgets (src/fanout/loop-stall.ts); absent = wall time. */
  loop?: LoopStall;
  /** What each library is known to search (src/gateway/capabilities.ts); absent = no capability gate. */
  capabilities?: (library: string) => Capabilities | undefined;
}

/** `limits`: shared buckets (gateway.stores.limits), so the rate holds across instances. */
export function interceptorsFor(
  library: Pick<LibraryConfig, 'timeoutMs' | 'interceptors'> & { id?: string; adapter?: string },
  limits?: LimiterFactory,
  resilience?: ResilienceContext,
): Interceptor[] {
  const chain: Interceptor[] = [];
  const settings = library.interceptors ?? {};
  const learning = resilience && library.id ? resilienceFor({ adapter: library.adapter ?? '', interceptors: settings }) : {};
  // Outermost: a search this library cannot run is skipped before any budget, breaker or cache.
  if (resilience?.capabilities && library.id) {
    const { id } = library;
    const known = resilience.capabilities;
    chain.push(capabilityGate(() => known(id)));
  }
  if (resilience && library.id && learning.breaker) {
    // A probe answered after the time a search gives this library (the deadline caps its own) does not close the breaker.
    const answerWithinMs = Math.min(library.timeoutMs ?? resilience.deadlineMs, resilience.deadlineMs);
    chain.push(circuitBreaker({ ...learning.breaker, library: library.id, store: resilience.health, controls: resilience.breakers, answerWithinMs, ...(resilience.onBreakerChange ? { onChange: resilience.onBreakerChange } : {}) }));
  }
  if (resilience && library.id && learning.adaptiveTimeout) {
    const { id } = library;
    const adaptive = learning.adaptiveTimeout;
    const configuredMs = library.timeoutMs ?? resilience.deadlineMs;
    chain.push(
      timeout(() => {
        const chosen = adaptiveTimeout(configuredMs, adaptive, resilience.latency.get(id));
        // Not learned and no budget of its own: the gateway deadline alone, as before.
        if (!chosen.learned && library.timeoutMs === undefined) return undefined;
        return chosen.learned ? { ms: chosen.ms, learned: chosen.learned } : { ms: chosen.ms };
      }, resilience.loop),
    );
  } else if (library.timeoutMs !== undefined) chain.push(timeout(library.timeoutMs));
  if (settings.cache) chain.push(cache(settings.cache));
  if (settings.retryAfter) chain.push(retryAfter(settings.retryAfter));
  if (settings.rateLimit) {
    const { searchesPerSecond, burst } = settings.rateLimit;
    chain.push(rateLimit({ ...settings.rateLimit, ...(limits && library.id ? { limiter: limits.rate(`${library.id}:searches`, { ratePerSecond: searchesPerSecond, burst }) } : {}) }));
  }
  // Innermost: holdings say when the library said them (the cache above keeps that time).
  if (resilience) chain.push(holdingsStamp());
  // Innermost of all: what the cache above and the result sets keep holds no response text.
  chain.push(ownAnswerStrings());
  return chain;
}
