/**
 * Politeness limits an adapter may take from outside instead of keeping its own: a request rate
 * (token bucket) and a cap on requests in progress, per library. With a shared backend (Redis,
 * src/stores/redis/limits.ts) every gateway instance draws on the same bucket, so three
 * instances together still send an OPAC no more than its configured rate.
 */

export interface RateLimiter {
  /** Resolves when one request may go; rejects with the signal's reason when aborted first. */
  take(signal: AbortSignal): Promise<void>;
}

export interface ConcurrencyLimiter {
  /** Runs `task` once a slot is free (waiting honours the signal); the slot is freed when it settles. */
  run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T>;
}

export interface LimiterFactory {
  rate(library: string, options: { ratePerSecond: number; burst: number }): RateLimiter;
  concurrency(library: string, max: number): ConcurrencyLimiter;
}
