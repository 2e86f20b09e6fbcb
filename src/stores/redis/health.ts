/**
 * Health samples in Redis: one capped list per library (newest first) and the last error, so
 * /api/libraries on any instance shows what every instance saw. Writes are fire-and-forget.
 */
import type { Redis } from 'ioredis';
import type { Diagnostic } from '../../diagnostics.ts';
import type { LibraryStatus } from '../../fanout/status.ts';
import { HEALTH_WINDOW, isSample, sampleMs, summarizeSamples, type HealthSample, type HealthSummary } from '../../gateway/health.ts';
import type { BreakerRecord, HealthStorage } from '../health.ts';
import { guarded } from './connection.ts';

/** Samples older than this are dropped with their list (a library nobody searched for a day). */
const KEEP_MS = 86_400_000;

export class RedisHealth implements HealthStorage {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  record(status: LibraryStatus): void {
    if (!isSample(status) || this.redis.status !== 'ready') return;
    const samples = `${this.keyPrefix}health:${status.library}`;
    const multi = this.redis.multi().lpush(samples, `${status.state === 'ok' ? 1 : 0}:${Math.round(sampleMs(status))}`).ltrim(samples, 0, HEALTH_WINDOW - 1).pexpire(samples, KEEP_MS);
    if (status.state !== 'ok' && status.diagnostic) {
      multi.set(`${this.keyPrefix}health-error:${status.library}`, JSON.stringify({ ...status.diagnostic, at: new Date().toISOString() }), 'PX', KEEP_MS);
    }
    multi.exec().catch(this.onError);
  }

  async summaries(libraries: readonly string[]): Promise<Map<string, HealthSummary>> {
    const pipeline = this.redis.pipeline();
    for (const id of libraries) pipeline.lrange(`${this.keyPrefix}health:${id}`, 0, -1).get(`${this.keyPrefix}health-error:${id}`);
    const answers = (await guarded(this.redis, 'health', () => pipeline.exec())) ?? [];
    const out = new Map<string, HealthSummary>();
    libraries.forEach((id, i) => {
      const list = (answers[2 * i]?.[1] as string[] | null) ?? [];
      const error = answers[2 * i + 1]?.[1] as string | null;
      const samples: HealthSample[] = list.map((entry) => ({ ok: entry.startsWith('1:'), ms: Number(entry.slice(2)) }));
      out.set(id, summarizeSamples(samples, error ? (JSON.parse(error) as Diagnostic & { at: string }) : undefined));
    });
    return out;
  }

  async latencies(libraries: readonly string[]): Promise<Map<string, number[]>> {
    const pipeline = this.redis.pipeline();
    for (const id of libraries) pipeline.lrange(`${this.keyPrefix}health:${id}`, 0, -1);
    const answers = (await guarded(this.redis, 'health', () => pipeline.exec())) ?? [];
    return new Map(libraries.map((id, i) => [id, ((answers[i]?.[1] as string[] | null) ?? []).filter((e) => e.startsWith('1:')).map((e) => Number(e.slice(2)))]));
  }

  async breaker(library: string): Promise<BreakerRecord | undefined> {
    const text = await guarded(this.redis, 'health', () => this.redis.get(`${this.keyPrefix}breaker:${library}`));
    return text ? (JSON.parse(text) as BreakerRecord) : undefined;
  }

  async putBreaker(library: string, record: BreakerRecord): Promise<void> {
    await guarded(this.redis, 'health', () => this.redis.set(`${this.keyPrefix}breaker:${library}`, JSON.stringify(record), 'PX', KEEP_MS));
  }

  async claimProbe(library: string, ms: number): Promise<boolean> {
    const answer = await guarded(this.redis, 'health', () => this.redis.set(`${this.keyPrefix}breaker-probe:${library}`, '1', 'PX', Math.max(1, Math.round(ms)), 'NX'));
    return answer === 'OK';
  }

  ready(): boolean {
    return this.redis.status === 'ready';
  }
}
