/**
 * Result sets in Redis, shared by every gateway instance: a search on one instance pages,
 * facets and drafts on any other. One compact blob per set (codec.ts) with a TTL, a key per
 * search (reuse) and per record (ILL by record id), and an index that caps how many sets are
 * kept: the oldest are dropped first. All written by one Lua script, so a put is atomic and
 * one round trip. Decoded sets are also kept briefly in process (they never change once put).
 */
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import type { Cluster } from '../../merge/types.ts';
import type { BibRecord } from '../../records/model.ts';
import { reuseWindowMs, type ResultSet } from '../../resultsets/store.ts';
import type { ResultSetStorage } from '../result-sets.ts';
import { decodeResultSet, encodeResultSet } from './codec.ts';
import { guarded } from './connection.ts';

export interface RedisResultSetOptions {
  ttlSeconds: number;
  /** Most sets kept (oldest dropped first). */
  maxResultSets: number;
  /** A set larger than this (compressed) is not shared; it stays on the instance that made it. */
  maxBytesPerSet: number;
  keyPrefix: string;
  /** Decoded sets kept in process. */
  nearCache?: number;
  onOversize?: (id: string, bytes: number) => void;
}

// KEYS: 1 blob, 2 index, 3 reuse key, 4.. record keys. ARGV: id, blob, ttlMs, max, reuseMs, blob key prefix.
const PUT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
if tonumber(ARGV[5]) > 0 then redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[5]) end
for i = 4, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ttl) end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
local dropped = 0
if over > 0 then
  local old = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #old, 2 do
    redis.call('DEL', ARGV[6] .. old[i])
    dropped = dropped + 1
  end
end
return dropped
`;

// KEYS: 1 blob, 2 index. ARGV: id, ttlMs.
const TOUCH = `
if redis.call('PEXPIRE', KEYS[1], ARGV[2]) == 0 then return 0 end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[2], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`;

const STORE = 'result-set';

export class RedisResultSets implements ResultSetStorage {
  readonly kind = 'redis';
  private readonly near: LRUCache<string, ResultSet>;
  private readonly ttlMs: number;
  private readonly nearEnabled: boolean;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisResultSetOptions,
  ) {
    this.ttlMs = Math.max(1, options.ttlSeconds) * 1000;
    this.near = new LRUCache({ max: Math.max(1, options.nearCache ?? 32), ttl: this.ttlMs });
    this.nearEnabled = options.nearCache !== 0;
    redis.defineCommand('gwPutResultSet', { lua: PUT });
    redis.defineCommand('gwTouchResultSet', { lua: TOUCH });
  }

  private key(kind: 'rs' | 'rk' | 'rr' | 'idx', id = ''): string {
    return `${this.options.keyPrefix}${kind}:${id}`;
  }

  /** The bytes one set takes in Redis, value only (bench, logs). */
  static encodedSize(set: ResultSet): number {
    return encodeResultSet(set).length;
  }

  async put(set: ResultSet): Promise<void> {
    if (this.nearEnabled) this.near.set(set.id, set);
    const blob = encodeResultSet(set);
    if (blob.length > this.options.maxBytesPerSet) {
      this.options.onOversize?.(set.id, blob.length);
      return;
    }
    const reuseMs = this.options.ttlSeconds > 0 ? reuseWindowMs(set, this.options.ttlSeconds * 1000) : 0;
    const recordKeys = set.records.map((r) => this.key('rr', r.id));
    const keys = [this.key('rs', set.id), this.key('idx'), this.key('rk', set.key), ...recordKeys];
    const args = [set.id, blob, this.ttlMs, Math.max(1, this.options.maxResultSets), reuseMs, this.key('rs')];
    await guarded(this.redis, STORE, () => (this.redis as unknown as Scripted).gwPutResultSet(keys.length, ...keys, ...args));
  }

  async get(id: string): Promise<ResultSet | undefined> {
    const near = this.near.get(id);
    if (near) return near;
    const blob = await guarded(this.redis, STORE, () => this.redis.getBuffer(this.key('rs', id)));
    if (!blob) return undefined;
    const set = decodeResultSet(blob);
    if (this.nearEnabled) this.near.set(id, set);
    return set;
  }

  async touch(id: string): Promise<boolean> {
    const done = await guarded(this.redis, STORE, () => (this.redis as unknown as Scripted).gwTouchResultSet(2, this.key('rs', id), this.key('idx'), id, this.ttlMs));
    if (done === 0) this.near.delete(id);
    return done === 1;
  }

  async page(id: string, offset: number, count: number): Promise<{ total: number; clusters: Cluster[] } | undefined> {
    const set = await this.get(id);
    return set ? { total: set.clusters.length, clusters: set.clusters.slice(offset, offset + count) } : undefined;
  }

  async findByKey(key: string): Promise<ResultSet | undefined> {
    if (this.options.ttlSeconds <= 0) return undefined;
    const id = await guarded(this.redis, STORE, () => this.redis.get(this.key('rk', key)));
    return id ? this.get(id) : undefined;
  }

  async findRecord(recordId: string): Promise<{ resultSet: ResultSet; record: BibRecord } | undefined> {
    const id = await guarded(this.redis, STORE, () => this.redis.get(this.key('rr', recordId)));
    const set = id ? await this.get(id) : undefined;
    const record = set?.records.find((r) => r.id === recordId);
    return set && record ? { resultSet: set, record } : undefined;
  }

  ready(): boolean {
    return this.redis.status === 'ready';
  }

  async close(): Promise<void> {
    this.near.clear();
  }
}

interface Scripted {
  gwPutResultSet(numKeys: number, ...args: (string | number | Buffer)[]): Promise<number>;
  gwTouchResultSet(numKeys: number, ...args: (string | number)[]): Promise<number>;
}
