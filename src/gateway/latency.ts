/**
 * What the gateway has learned of each library's answer times: p95 and p99 over the recent
 * answered searches (the health store's sliding window, shared across instances with Redis).
 * From them, the adaptive timeout: min(configured, max(floor, k × p95)), once there are
 * `minSamples` answers; before that, the configured budget. Samples are the libraries' own
 * times: the gateway's loop stall while they searched is left out (src/fanout/loop-stall.ts).
 * Refreshed in the background (follow(): every `gateway.learnedRefreshMs`, default 1 s), so a
 * search, its interceptors and the fan-out read it synchronously and no search waits for the
 * health store (a Redis round trip) before its fan-out or its admission. What a search uses is
 * at most one interval plus one read old; a store that cannot be read keeps the last values (the
 * store is flagged degraded meanwhile, src/stores/open.ts).
 */
import type { HealthStorage } from '../stores/health.ts';

export interface AdaptiveSettings {
  /** Multiple of the p95 a library gets. */
  k: number;
  /** Never less than this. */
  floorMs: number;
  /** Answers needed before learning replaces the configured budget. */
  minSamples: number;
  /**
   * A library still searching counts as late for the early end once its own time (the gateway's
   * stall left out) passes this multiple of its learned p99. Among 30 libraries, one healthy
   * library passes its own p99 in about a quarter of the searches (1 − 0.99³⁰); twice its p99
   * only a library that is stuck.
   */
  earlyEndMargin: number;
}

export interface Learned {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface LearnedTimeout {
  ms: number;
  configuredMs: number;
  /** Set when learning chose the budget. */
  learned?: string;
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function learnedFrom(latencies: readonly number[]): Learned | undefined {
  if (latencies.length === 0) return undefined;
  const sorted = [...latencies].sort((a, b) => a - b);
  return { samples: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99) };
}

export function adaptiveTimeout(configuredMs: number, settings: AdaptiveSettings, learned: Learned | undefined): LearnedTimeout {
  if (!learned || learned.samples < settings.minSamples) return { ms: configuredMs, configuredMs };
  const candidate = Math.max(settings.floorMs, Math.ceil(settings.k * learned.p95Ms));
  if (candidate >= configuredMs) return { ms: configuredMs, configuredMs };
  return { ms: candidate, configuredMs, learned: `${settings.k} × p95 ${learned.p95Ms} ms over ${learned.samples} answers, floor ${settings.floorMs} ms` };
}

/** When a library still searching counts as late (the early end): earlyEndMargin × p99, once learned. */
export function earlyEndAfter(settings: AdaptiveSettings, learned: Learned | undefined): { ms: number; rule: string } | undefined {
  if (!learned || learned.samples < settings.minSamples) return undefined;
  return { ms: Math.ceil(settings.earlyEndMargin * learned.p99Ms), rule: `${settings.earlyEndMargin} × p99 ${learned.p99Ms} ms` };
}

export class LatencyModel {
  private readonly known = new Map<string, Learned>();
  private reading: Promise<void> | undefined;

  constructor(private readonly health: Pick<HealthStorage, 'latencies'>) {}

  /** Reads the window of these libraries from the store (one round trip); a store that fails keeps what was known. */
  async refresh(libraries: readonly string[]): Promise<void> {
    const windows = await this.health.latencies(libraries).catch(() => undefined);
    if (!windows) return;
    for (const [id, latencies] of windows) {
      const learned = learnedFrom(latencies);
      if (learned) this.known.set(id, learned);
      else this.known.delete(id);
    }
  }

  /**
   * Refreshes these libraries now and then every `everyMs` (one read at a time: a slow store
   * delays the next refresh, it does not pile reads up). Returns the stop.
   */
  follow(libraries: readonly string[], everyMs: number): () => void {
    const tick = () => {
      this.reading ??= this.refresh(libraries).finally(() => (this.reading = undefined));
    };
    tick();
    const timer = setInterval(tick, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The refresh under way, if any (close() and tests wait for it). */
  settled(): Promise<void> {
    return this.reading ?? Promise.resolve();
  }

  get(library: string): Learned | undefined {
    return this.known.get(library);
  }
}
