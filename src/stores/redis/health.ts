/**
 * Health samples in Redis: one capped list per library (newest first) and the last error, so
 * /api/libraries on any instance shows what every instance saw. Writes are fire-and-forget.
 *
 * Breaker states are also known locally once listen() has subscribed: every write publishes the
 * record, every instance notes it, and a search reads its library's breaker without a round trip
 * (a GET per library as each call started was p99 20–32 ms on a busy instance). A library not yet
 * known is read from Redis once. A lost subscription forgets what it knew, so nothing missed
 * while away is trusted; a read's answer never overwrites a newer announcement (epochs).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Diagnostic } from '../../diagnostics.ts';
import type { LibraryStatus } from '../../fanout/status.ts';
import { HEALTH_WINDOW, isSample, sampleMs, summarizeSamples, type HealthSample, type HealthSummary } from '../../gateway/health.ts';
import type { BreakerRecord, HealthStorage } from '../health.ts';
import { guarded, subscribeTo } from './connection.ts';

/** Samples older than this are dropped with their list (a library nobody searched for a day). */
const KEEP_MS = 86_400_000;

export class RedisHealth implements HealthStorage {
  readonly kind = 'redis';
  /** Breaker records as announced (null: known to have none); only trusted while subscribed. */
  private readonly known = new Map<string, BreakerRecord | null>();
  /** Bumped by every announcement or own write, so a slower read's answer cannot undo it. */
  private readonly epochs = new Map<string, number>();
  private subscriber: Redis | undefined;
  private subscribed = false;
  /** Marks this instance's announcements, so its own write is not noted over a later one heard first. */
  private readonly self = randomUUID();
  private written = 0;
  /** Per library, the last of this instance's own writes heard back. */
  private readonly heardOwn = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  private get channel(): string {
    return `${this.keyPrefix}breakers`;
  }

  /** Subscribes to the breaker announcements on a connection of its own (a subscribed one sends nothing else). */
  async listen(): Promise<void> {
    const subscriber = await subscribeTo(this.redis, this.channel, (message) => this.heard(message));
    this.subscriber = subscriber;
    this.subscribed = true;
    subscriber.on('close', () => {
      this.subscribed = false;
      this.known.clear();
    });
    // Back after a loss: subscribe again before trusting what is heard (ioredis resubscribes too; twice is harmless).
    subscriber.on('ready', () => {
      if (this.subscribed || this.subscriber !== subscriber) return;
      subscriber.subscribe(this.channel).then(() => {
        this.known.clear();
        this.subscribed = this.subscriber === subscriber;
      }, () => undefined);
    });
  }

  /** "<library>\n<instance>:<write>\n<record>" */
  private heard(message: string): void {
    const [library, writer, text] = message.split('\n', 3);
    if (!library || !writer || text === undefined) return;
    const [instance, n] = writer.split(':');
    if (instance === this.self) this.heardOwn.set(library, Number(n));
    try {
      this.note(library, JSON.parse(text) as BreakerRecord);
    } catch {
      // Not ours: the next read asks Redis.
      this.known.delete(library);
    }
  }

  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    this.subscribed = false;
    this.known.clear();
  }

  private note(library: string, record: BreakerRecord | null): void {
    this.epochs.set(library, (this.epochs.get(library) ?? 0) + 1);
    if (this.subscribed) this.known.set(library, record);
  }

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
    if (this.subscribed) {
      const known = this.known.get(library);
      if (known !== undefined) return known ?? undefined;
    }
    const epoch = this.epochs.get(library) ?? 0;
    const text = await guarded(this.redis, 'health', () => this.redis.get(`${this.keyPrefix}breaker:${library}`));
    const record = text ? (JSON.parse(text) as BreakerRecord) : null;
    if (this.subscribed && (this.epochs.get(library) ?? 0) === epoch) this.known.set(library, record);
    return record ?? undefined;
  }

  async putBreaker(library: string, record: BreakerRecord): Promise<void> {
    const text = JSON.stringify(record);
    const n = ++this.written;
    await guarded(this.redis, 'health', () => this.redis.multi().set(`${this.keyPrefix}breaker:${library}`, text, 'PX', KEEP_MS).publish(this.channel, `${library}\n${this.self}:${n}\n${text}`).exec());
    // Noted now, so this instance's next read is exact, unless its announcement is already back: then
    // whatever was heard after it is newer (one connection hears them in Redis's order).
    if ((this.heardOwn.get(library) ?? 0) < n) this.note(library, record);
  }

  async claimProbe(library: string, ms: number): Promise<boolean> {
    const answer = await guarded(this.redis, 'health', () => this.redis.set(`${this.keyPrefix}breaker-probe:${library}`, '1', 'PX', Math.max(1, Math.round(ms)), 'NX'));
    return answer === 'OK';
  }

  ready(): boolean {
    return this.redis.status === 'ready';
  }
}
