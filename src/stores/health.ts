/**
 * The library-health seam: answer samples per library (answered or not, how long), summarized
 * for /api/libraries and the librarian view; each library's circuit-breaker state; the answer
 * latencies the adaptive timeouts learn from. Embedded (this process's searches) or Redis (every
 * instance's searches, one breaker per library for all instances). Recording never fails a
 * search: a lost Redis only loses samples, and a breaker that cannot be read counts as closed.
 */
import type { LibraryStatus } from '../fanout/status.ts';
import { LibraryHealth, type HealthSummary } from '../gateway/health.ts';

/** One library's circuit breaker as every instance sees it (times are ISO strings: shared across processes). */
export interface BreakerRecord {
  state: 'closed' | 'open' | 'half-open';
  /** Consecutive transport failures or timeouts. */
  failures: number;
  /** When the breaker opened. */
  since?: string;
  /** When the next half-open probe is due. */
  retryAt?: string;
  /** How long the last open period was (backs off while probes fail). */
  cooldownMs?: number;
  /** The failure that opened it (a diagnostic message, never query text). */
  lastError?: string;
}

export interface HealthStorage {
  readonly kind: string;
  record(status: LibraryStatus): void;
  summaries(libraries: readonly string[]): Promise<Map<string, HealthSummary>>;
  /** Latencies (ms) of the recent answered searches, per library, newest first. */
  latencies(libraries: readonly string[]): Promise<Map<string, number[]>>;
  breaker(library: string): Promise<BreakerRecord | undefined>;
  putBreaker(library: string, record: BreakerRecord): Promise<void>;
  /** Claims the half-open probe of a library for `ms`, so one instance probes at a time. */
  claimProbe(library: string, ms: number): Promise<boolean>;
  ready(): boolean;
}

export class EmbeddedHealth implements HealthStorage {
  readonly kind = 'embedded';
  readonly local = new LibraryHealth();
  private readonly breakers = new Map<string, BreakerRecord>();
  private readonly probes = new Map<string, number>();

  record(status: LibraryStatus): void {
    this.local.record(status);
  }

  async summaries(libraries: readonly string[]): Promise<Map<string, HealthSummary>> {
    return new Map(libraries.map((id) => [id, this.local.summary(id)]));
  }

  async latencies(libraries: readonly string[]): Promise<Map<string, number[]>> {
    return new Map(libraries.map((id) => [id, this.local.latencies(id)]));
  }

  async breaker(library: string): Promise<BreakerRecord | undefined> {
    return this.breakers.get(library);
  }

  async putBreaker(library: string, record: BreakerRecord): Promise<void> {
    this.breakers.set(library, record);
  }

  async claimProbe(library: string, ms: number): Promise<boolean> {
    const now = Date.now();
    if ((this.probes.get(library) ?? -Infinity) > now) return false;
    this.probes.set(library, now + ms);
    return true;
  }

  ready(): boolean {
    return true;
  }
}
