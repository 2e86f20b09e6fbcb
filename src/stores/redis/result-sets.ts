/**
 * Result sets in Redis, shared by every gateway instance: a search on one instance pages,
 * facets and drafts on any other.
 *
 * A set is kept in two steps, so a search waits for no round trip to keep its set:
 *  1. claim (one small Lua call, sent as the search starts, concurrently with its fan-out:
 *     `reserve`): the set's hash `rs:<id>` gets a pending mark that lives as long as the search
 *     may, the index takes the id and drops the oldest sets over the cap. After the search
 *     `keepNow` keeps the set without waiting for anything once the claim has landed (it has,
 *     unless Redis was slower than every library); else `put` waits for the claim, and a put
 *     without a reservation (rechecked holdings) claims first.
 *  2. write (after the search has answered, setImmediate): the encoded set (codec.ts) lands in
 *     the hash with the full TTL, its records go into this TTL period's record index, and the
 *     commit announces search key → set on the reuse channel, in one MULTI.
 * A read that finds the pending mark waits for the write (polling, bounded), so a client paging
 * on another instance right after the answer finds the set; a set whose writer died expires
 * with its mark and reads as gone. Reuse: every instance holds the announced keys for their
 * reuse window (reuse-index.ts), so the lookup before a fan-out costs no round trip; only a
 * hit reads the set (or, kept in process, checks it is still in Redis). The announcement comes
 * with the set's bytes, so a search never waits for another's write: the same search in the few
 * ms before the write lands asks the libraries again. Decoded sets are also kept briefly in process.
 */
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import type { Cluster } from '../../merge/types.ts';
import type { BibRecord } from '../../records/model.ts';
import { reuseWindowMs, type ResultSet } from '../../resultsets/store.ts';
import { StoreUnavailableError } from '../errors.ts';
import type { ResultSetStorage } from '../result-sets.ts';
import { decodeResultSet, encodeResultSet, type EncodedResultSet } from './codec.ts';
import { guarded } from './connection.ts';
import { ReuseIndex } from './reuse-index.ts';

export interface RedisResultSetOptions {
  ttlSeconds: number;
  /** Most sets kept (oldest dropped first). */
  maxResultSets: number;
  /** A set larger than this (compressed) is not shared; it stays on the instance that made it. */
  maxBytesPerSet: number;
  keyPrefix: string;
  /** Decoded sets kept in process. */
  nearCache?: number;
  /** How long a read waits for a claimed set's write (default 3 s); then it answers "unavailable". */
  pendingWaitMs?: number;
  onOversize?: (id: string, bytes: number) => void;
  /** A write after the search answered failed (Redis lost meanwhile): the set is not shared. */
  onWriteFailed?: (id: string, error: Error) => void;
}

/** How long a claim waits for its write before the set reads as gone (its writer died). */
const PENDING_TTL_MS = 30_000;

// KEYS: 1 set hash, 2 index. ARGV: id, pendingMs, ttlMs, max, set key prefix.
const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'p', '1')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
local dropped = 0
if over > 0 then
  local old = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #old, 2 do
    redis.call('DEL', ARGV[5] .. old[i])
    dropped = dropped + 1
  end
end
return dropped
`;

// After the encoded set's HSET, in the same MULTI (the set's bytes never pass through Lua: that
// cost Redis ten times the HSET). KEYS: 1 set hash, 2 index. ARGV: id, ttlMs, reuseMs, reuse
// channel, search key. A set the cap dropped meanwhile is no longer indexed: it stays dropped,
// unannounced. The announcement (reuse-index.ts) is "<id> <reuseMs> <search key>", the key last
// (it may hold spaces).
const COMMIT = `
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('HDEL', KEYS[1], 'p')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('PUBLISH', ARGV[4], ARGV[1] .. ' ' .. ARGV[3] .. ' ' .. ARGV[5]) end
return 1
`;

// A reserved set whose search failed. KEYS: 1 set hash, 2 index. ARGV: id.
const ABANDON = `
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'b') == 0 then redis.call('DEL', KEYS[1]) end
return 1
`;

// KEYS: 1 set hash, 2 index. ARGV: id, ttlMs.
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
  private readonly pendingWaitMs: number;
  /** Writes scheduled or under way, so close() lets them land. */
  private readonly writing = new Set<Promise<void>>();
  /** Claims sent by reserve() and not yet taken by put(), keepNow() or abandon(). */
  private readonly reserved = new Map<string, Promise<unknown>>();
  /** Of those, the ones Redis has confirmed. */
  private readonly landed = new Set<string>();
  /** Search key → recent set, announced by every instance. */
  private readonly reuse: ReuseIndex;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisResultSetOptions,
  ) {
    this.ttlMs = Math.max(1, options.ttlSeconds) * 1000;
    this.near = new LRUCache({ max: Math.max(1, options.nearCache ?? 32), ttl: this.ttlMs });
    this.nearEnabled = options.nearCache !== 0;
    this.pendingWaitMs = options.pendingWaitMs ?? 3_000;
    // No more live sets than the cap, so no more keys worth knowing.
    this.reuse = new ReuseIndex(this.key('reuse'), options.maxResultSets);
    redis.defineCommand('gwClaimResultSet', { lua: CLAIM });
    redis.defineCommand('gwCommitResultSet', { lua: COMMIT });
    redis.defineCommand('gwTouchResultSet', { lua: TOUCH });
    redis.defineCommand('gwAbandonResultSet', { lua: ABANDON });
  }

  private key(kind: 'rs' | 'rr' | 'idx' | 'reuse', id = ''): string {
    return `${this.options.keyPrefix}${kind}:${id}`;
  }

  /**
   * Hears every instance's kept sets on a connection of its own (a subscribed connection sends
   * nothing else), so findByKey knows them without a round trip. Until then (and for an
   * announcement missed while reconnecting) it knows only this instance's sets.
   */
  async listen(): Promise<void> {
    await this.reuse.listen(this.redis);
  }

  /** Record ids point at their newest set in one hash per TTL period, which outlives the period by a TTL: bounded, and never shorter-lived than a set. */
  private recordIndex(periodsAgo: number, now = Date.now()): { key: string; expireAt: number } {
    const period = Math.floor(now / this.ttlMs) - periodsAgo;
    return { key: this.key('rr', String(period)), expireAt: (period + 2) * this.ttlMs };
  }

  /** Sends the claim of a set whose search starts now and may take `holdMs`; once it has landed, keepNow() keeps the set without a round trip. */
  reserve(id: string, holdMs: number): void {
    const claim = this.claim(id, holdMs);
    // Not awaited here: keepNow(), put() or abandon() take it; a failure surfaces in put().
    claim.then(
      () => {
        if (this.reserved.has(id)) this.landed.add(id);
      },
      () => undefined,
    );
    this.reserved.set(id, claim);
  }

  /** The reserved set's search failed: nothing will be written, so its place in the index goes. */
  abandon(id: string): void {
    const claim = this.reserved.get(id);
    if (!claim) return;
    this.reserved.delete(id);
    this.landed.delete(id);
    const keys = [this.key('rs', id), this.key('idx')];
    claim
      .then(() => guarded(this.redis, STORE, () => (this.redis as unknown as Scripted).gwAbandonResultSet(keys.length, ...keys, id)))
      // Left alone, the mark expires by itself and the index entry with the TTL.
      .catch(() => undefined);
  }

  private claim(id: string, holdMs: number): Promise<number> {
    const keys = [this.key('rs', id), this.key('idx')];
    // Whole ms: PEXPIRE refuses a fraction, and a deadline less an admission wait has one.
    const args = [id, Math.max(PENDING_TTL_MS, this.pendingWaitMs) + Math.ceil(Math.max(0, holdMs)), this.ttlMs, Math.max(1, this.options.maxResultSets), this.key('rs')];
    return guarded(this.redis, STORE, () => (this.redis as unknown as Scripted).gwClaimResultSet(keys.length, ...keys, ...args));
  }

  /** A reserved set whose claim Redis has confirmed: kept without waiting, written after the caller has answered. */
  keepNow(set: ResultSet): boolean {
    if (!this.landed.delete(set.id)) return false;
    this.reserved.delete(set.id);
    if (this.nearEnabled) this.near.set(set.id, set);
    this.scheduleWrite(set);
    return true;
  }

  /** The claim reserve() sent for `id`, until Redis has confirmed it (then, or when none was sent, undefined). */
  claimLanding(id: string): Promise<unknown> | undefined {
    return this.landed.has(id) ? undefined : this.reserved.get(id);
  }

  /** Takes the set's claim (the reservation's, else one now) and writes the set once the caller has answered (see the file comment). */
  async put(set: ResultSet): Promise<void> {
    if (this.nearEnabled) this.near.set(set.id, set);
    const reservation = this.reserved.get(set.id);
    this.reserved.delete(set.id);
    this.landed.delete(set.id);
    await (reservation ?? this.claim(set.id, 0));
    this.scheduleWrite(set);
  }

  private scheduleWrite(set: ResultSet): void {
    const written = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.write(set))
      .catch((error: unknown) => this.options.onWriteFailed?.(set.id, error as Error))
      .finally(() => this.writing.delete(written));
    this.writing.add(written);
  }

  /** Encodes and stores a claimed set; resolves once Redis has it. */
  private async write(set: ResultSet): Promise<void> {
    const encoded = encodeResultSet(set);
    const bytes = encoded.body.length + encoded.marc.length;
    const reuseMs = this.options.ttlSeconds > 0 ? reuseWindowMs(set, this.options.ttlSeconds * 1000) : 0;
    if (bytes > this.options.maxBytesPerSet) {
      this.options.onOversize?.(set.id, bytes);
      // Not shared: the claim goes; the same search still finds the set in this instance's near cache (a miss elsewhere).
      if (reuseMs > 0 && this.nearEnabled) this.reuse.note(set.key, set.id, reuseMs, false);
      await guarded(this.redis, STORE, () => this.redis.del(this.key('rs', set.id)));
      return;
    }
    const records = this.recordIndex(0);
    const pairs: string[] = [];
    for (const r of set.records) pairs.push(r.id, set.id);
    await guarded(this.redis, STORE, async () => {
      const key = this.key('rs', set.id);
      const transaction = this.redis.multi().hset(key, 'b', encoded.body, 'm', encoded.marc);
      (transaction as unknown as ScriptedPipeline).gwCommitResultSet(2, key, this.key('idx'), set.id, this.ttlMs, reuseMs, this.reuse.channel, set.key);
      if (pairs.length > 0) transaction.hset(records.key, ...pairs).pexpireat(records.key, records.expireAt);
      const results = (await transaction.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      // This instance knows at once (its own announcement comes back too, a moment later).
      if (results[1]?.[1] === 1 && reuseMs > 0) this.reuse.note(set.key, set.id, reuseMs, true);
    });
  }

  /** Resolves once every write scheduled so far has landed (or failed). */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  async get(id: string): Promise<ResultSet | undefined> {
    const near = this.near.get(id);
    if (near) return near;
    const key = this.key('rs', id);
    const waitUntil = performance.now() + this.pendingWaitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const [pending, body, marc] = await guarded(this.redis, STORE, () => this.redis.hmgetBuffer(key, 'p', 'b', 'm'));
      if (body && marc) {
        const set = decodeResultSet({ body, marc } satisfies EncodedResultSet);
        if (this.nearEnabled) this.near.set(id, set);
        return set;
      }
      if (!pending) return undefined;
      if (performance.now() >= waitUntil) throw new StoreUnavailableError(STORE, `result set ${id} is still being written by the instance that made it`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
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

  /** The announced search keys (reuse-index.ts): a miss is known here, without a round trip. */
  mayReuse(key: string): boolean {
    return this.options.ttlSeconds > 0 && this.reuse.lookup(key) !== undefined;
  }

  /** A miss is local and costs no round trip; a hit reads the set, or checks that the copy kept in process is still in Redis. */
  async findByKey(key: string): Promise<ResultSet | undefined> {
    if (this.options.ttlSeconds <= 0) return undefined;
    const hit = this.reuse.lookup(key);
    if (!hit) return undefined;
    const near = this.near.get(hit.id);
    let set: ResultSet | undefined;
    if (!hit.shared) set = near;
    // Served only while every instance can page it: a set expired or dropped by the cap is asked again.
    else if (near) set = (await guarded(this.redis, STORE, () => this.redis.hexists(this.key('rs', hit.id), 'b'))) === 1 ? near : undefined;
    else set = await this.get(hit.id);
    if (!set) {
      this.reuse.forget(key, hit.id);
      this.near.delete(hit.id);
    }
    return set;
  }

  async findRecord(recordId: string): Promise<{ resultSet: ResultSet; record: BibRecord } | undefined> {
    const now = Date.now();
    const [current, previous] = await guarded(this.redis, STORE, () =>
      Promise.all([this.redis.hget(this.recordIndex(0, now).key, recordId), this.redis.hget(this.recordIndex(1, now).key, recordId)]),
    );
    const id = current ?? previous;
    const set = id ? await this.get(id) : undefined;
    const record = set?.records.find((r) => r.id === recordId);
    return set && record ? { resultSet: set, record } : undefined;
  }

  ready(): boolean {
    return this.redis.status === 'ready';
  }

  async close(): Promise<void> {
    await this.flush();
    this.reuse.close();
    this.near.clear();
  }
}

interface Scripted {
  gwClaimResultSet(numKeys: number, ...args: (string | number)[]): Promise<number>;
  gwTouchResultSet(numKeys: number, ...args: (string | number)[]): Promise<number>;
  gwAbandonResultSet(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

interface ScriptedPipeline {
  gwCommitResultSet(numKeys: number, ...args: (string | number)[]): unknown;
}
