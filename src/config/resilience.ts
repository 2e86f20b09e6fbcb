/**
 * Built-in defaults of the breaker and the adaptive timeout, per adapter kind, under what a
 * file's `defaults.<kind>.interceptors` and the library's own `interceptors` set (the same
 * layering as every other setting). HTML OPACs answer a search in several page loads, so
 * they get a higher floor and a longer probe.
 */
import { layer } from './layers.ts';
import type { LibraryConfig } from './schema.ts';
import type { BreakerSettings } from '../interceptors/circuit-breaker.ts';
import type { AdaptiveSettings } from '../gateway/latency.ts';

const BASE = {
  breaker: { failures: 3, cooldownMs: 120_000, maxCooldownMs: 600_000, probeTimeoutMs: 5_000 } satisfies BreakerSettings,
  adaptiveTimeout: { k: 3, floorMs: 1_000, minSamples: 10, earlyEndMargin: 2 } satisfies AdaptiveSettings,
};

const PER_KIND: Record<string, { breaker?: Partial<BreakerSettings>; adaptiveTimeout?: Partial<AdaptiveSettings> }> = {
  ipac: { breaker: { probeTimeoutMs: 10_000 }, adaptiveTimeout: { floorMs: 3_000 } },
  'jp-catalogue': { adaptiveTimeout: { floorMs: 2_000 } },
};

/** The library's effective breaker and adaptive-timeout settings; undefined = turned off (`false`). */
export function resilienceFor(library: Pick<LibraryConfig, 'adapter' | 'interceptors'>): { breaker?: BreakerSettings; adaptiveTimeout?: AdaptiveSettings } {
  const own = library.interceptors ?? {};
  const kind = PER_KIND[library.adapter] ?? {};
  const out: { breaker?: BreakerSettings; adaptiveTimeout?: AdaptiveSettings } = {};
  if (own.breaker !== false) out.breaker = layer(layer(BASE.breaker, kind.breaker), own.breaker) as BreakerSettings;
  if (own.adaptiveTimeout !== false) out.adaptiveTimeout = layer(layer(BASE.adaptiveTimeout, kind.adaptiveTimeout), own.adaptiveTimeout) as AdaptiveSettings;
  return out;
}
