/**
 * Per-library token buckets and concurrency caps in Redis, as Lua scripts (atomic: the check and
 * the take are one step, whichever instance asks). The clock is Redis's own (TIME), so instances
 * with skewed clocks still share one rate. A concurrency slot is a lease with an expiry, so
 * slots held by a killed instance come back by themselves.
 *
 * Redis away: each instance falls back to its own bucket at the configured rate and its own cap
 * (the shared guarantee is lost for the outage, politeness per instance is not).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ConcurrencyLimiter, LimiterFactory, RateLimiter } from '../../adapter-api/limits.ts';
import { abortableSleep } from '../../fanout/abort.ts';

// KEYS: 1 bucket. ARGV: rate per second, burst. Returns ms to wait (0 = token taken).
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(v[1]) or burst
local at = tonumber(v[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait
`;

// KEYS: 1 lease set. ARGV: lease id, max, lease ms. Returns 1 when a slot was taken.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000)
return 1
`;

interface Scripted {
  gwTakeToken(numKeys: number, key: string, rate: number, burst: number): Promise<number>;
  gwAcquireSlot(numKeys: number, key: string, lease: string, max: number, leaseMs: number): Promise<number>;
}

export interface RedisLimiterOptions {
  keyPrefix: string;
  /** A slot not released within this time is freed (a killed holder); above any request timeout. */
  leaseMs?: number;
  /** How often a waiter for a slot asks again. */
  pollMs?: number;
  /** Told when Redis failed and the local fallback was used. */
  onFallback?: (error: unknown) => void;
}

/** The per-instance stand-in while Redis is away: requests spaced 1/rate s apart. */
class LocalSpacing {
  private next = 0;
  constructor(private readonly rate: number) {}
  delay(now: number): number {
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.rate;
    return at - now;
  }
}

export class RedisLimiters implements LimiterFactory {
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLimiterOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 25;
    redis.defineCommand('gwTakeToken', { lua: TAKE });
    redis.defineCommand('gwAcquireSlot', { lua: ACQUIRE });
  }

  private get scripts(): Scripted {
    return this.redis as unknown as Scripted;
  }

  rate(library: string, { ratePerSecond, burst }: { ratePerSecond: number; burst: number }): RateLimiter {
    const key = `${this.options.keyPrefix}rate:${library}`;
    const local = new LocalSpacing(ratePerSecond);
    return {
      take: async (signal) => {
        for (;;) {
          if (signal.aborted) throw signal.reason;
          let wait: number;
          try {
            if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
            wait = await this.scripts.gwTakeToken(1, key, ratePerSecond, burst);
          } catch (error) {
            this.options.onFallback?.(error);
            await abortableSleep(local.delay(Date.now()), signal);
            return;
          }
          if (wait <= 0) return;
          await abortableSleep(wait, signal);
        }
      },
    };
  }

  concurrency(library: string, max: number): ConcurrencyLimiter {
    const key = `${this.options.keyPrefix}slots:${library}`;
    let localInUse = 0;
    return {
      run: async (signal, task) => {
        const lease = randomUUID();
        let shared = true;
        for (;;) {
          if (signal.aborted) throw signal.reason;
          try {
            if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
            if ((await this.scripts.gwAcquireSlot(1, key, lease, max, this.leaseMs)) === 1) break;
          } catch (error) {
            this.options.onFallback?.(error);
            if (localInUse < max) {
              shared = false;
              break;
            }
          }
          await abortableSleep(this.pollMs, signal);
        }
        if (!shared) localInUse += 1;
        try {
          return await task();
        } finally {
          if (shared) await this.redis.zrem(key, lease).catch(() => undefined);
          else localInUse -= 1;
        }
      },
    };
  }
}
