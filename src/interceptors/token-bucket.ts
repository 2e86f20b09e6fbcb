/**
 * A token bucket: `burst` requests may go at once, then one every 1/rate seconds. Used by the
 * rate-limit interceptor (searches per library) and by adapters whose one search is many
 * requests (iPac pages). Waiting honours the search's AbortSignal, so a cancelled search
 * never leaves a request queued to fire later at an OPAC that asked us to be gentle.
 */

export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
  /** Injected for tests; Date.now by default. */
  now?: () => number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Waiters in arrival order, so a burst of full-record fetches keeps its order. */
  private readonly queue: { resolve: () => void; reject: (reason: unknown) => void; cleanup: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.burst;
    this.last = this.now();
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((at - this.last) / 1000) * this.options.ratePerSecond);
    this.last = at;
  }

  /** Resolves when a request may go; rejects with the signal's reason when aborted first. */
  take(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal.reason);
        this.schedule();
      };
      const entry = { resolve, reject, cleanup: () => signal.removeEventListener('abort', onAbort) };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    this.refill();
    const wait = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.options.ratePerSecond) * 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      while (this.tokens >= 1 && this.queue.length > 0) {
        this.tokens -= 1;
        const next = this.queue.shift();
        next?.cleanup();
        next?.resolve();
      }
      this.schedule();
    }, wait);
    // A queued request must not keep the process alive on its own.
    this.timer.unref?.();
  }
}
