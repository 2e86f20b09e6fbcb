/**
 * Finished federated searches, kept so clients can page through them and so an
 * identical search within the TTL is answered without asking the libraries again.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { estimateSetBytes } from './estimate-size.ts';
import { resultSetBudgetBytes } from './heap-budget.ts';
import type { LibraryStatus } from '../fanout/status.ts';
import type { Cluster } from '../merge/types.ts';
import type { QueryNode } from '../query/model.ts';
import type { BibRecord } from '../records/model.ts';
import type { LenderService } from '../holdings/lender-service.ts';

export interface ResultSet {
  id: string;
  /** Cache key: query + selected libraries. */
  key: string;
  query: QueryNode;
  libraries: string[];
  createdAt: string;
  elapsedMs: number;
  statuses: LibraryStatus[];
  /** Every source record, in library order. */
  records: BibRecord[];
  /** The merged works, ranked by relevance. */
  clusters: Cluster[];
  /** Each library's service status the copies were judged with, with its source and "as of". */
  services?: Record<string, LenderService>;
}

/** How long a result set with failed libraries answers the same search again. */
const PARTIAL_REUSE_MS = 30_000;

/** Default bound on the estimated bytes of all kept result sets. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * How long a set answers the same search again. A search where some library failed is reused
 * only briefly: long enough for a stateless client (an SRU portal paging with the same query)
 * to page through it, short enough that a retry soon asks the failed library again.
 */
export function reuseWindowMs(set: Pick<ResultSet, 'statuses'>, ttlMs: number, partialReuseMs = PARTIAL_REUSE_MS): number {
  const complete = set.statuses.every((s) => s.state === 'ok' || s.state === 'suspended');
  return complete ? ttlMs : Math.min(ttlMs, partialReuseMs);
}

export interface ResultSetStoreOptions {
  max: number;
  /** Bound on the estimated heap of all kept sets (estimate-size.ts); the oldest go first. */
  maxBytes?: number;
  ttlSeconds: number;
  /** Reuse of a partial result set (default PARTIAL_REUSE_MS). */
  partialReuseMs?: number;
  /** Clock in ms, for tests (default performance.now). */
  now?: () => number;
}

export class ResultSetStore {
  private readonly byId: LRUCache<string, ResultSet>;
  private readonly idByKey: LRUCache<string, string>;

  constructor(options: ResultSetStoreOptions) {
    const max = Math.max(1, options.max);
    const ttl = options.ttlSeconds * 1000;
    // ttl 0 means "keep result sets for paging, but never answer a new search from them".
    // ttlResolution 0: read the injected clock on every check (lru-cache caches it for a tick otherwise).
    const perf = options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {};
    // Bounded by bytes as well as count: one set of 200 records per library from 30 libraries
    // is megabytes, so a count alone let a burst hold a gigabyte. Expired sets are purged on
    // their timer (with a real clock), so memory returns after load, not at the next access.
    this.byId = new LRUCache({
      max,
      maxSize: resultSetBudgetBytes(options.maxBytes ?? DEFAULT_MAX_BYTES),
      sizeCalculation: (set) => Math.max(1, estimateSetBytes(set)),
      ttl: ttl || 60_000,
      ttlAutopurge: options.now === undefined,
      ...perf,
    });
    this.idByKey = new LRUCache({ max, ttl: ttl || 1, ttlAutopurge: false, ...perf });
    this.partialReuseMs = options.partialReuseMs ?? PARTIAL_REUSE_MS;
    this.reuse = options.ttlSeconds > 0 && options.max > 0;
    this.ttlMs = ttl;
  }

  private readonly reuse: boolean;
  private readonly ttlMs: number;
  private readonly partialReuseMs: number;

  static key(query: string, libraries: readonly string[]): string {
    return `${query}@${[...libraries].sort().join(',')}`;
  }

  /** A still-fresh result set for the same search, if any. */
  findByKey(key: string): ResultSet | undefined {
    if (!this.reuse) return undefined;
    const id = this.idByKey.get(key);
    return id ? this.byId.get(id) : undefined;
  }

  get(id: string): ResultSet | undefined {
    return this.byId.get(id);
  }

  /** The newest kept result set holding this record (ILL drafts referenced by record id alone). */
  findRecord(recordId: string): { resultSet: ResultSet; record: BibRecord } | undefined {
    // LRU order: most recently used first, which is the newest search for fresh sets.
    for (const set of this.byId.values()) {
      const record = set.records.find((r) => r.id === recordId);
      if (record) return { resultSet: set, record };
    }
    return undefined;
  }

  add(entry: Omit<ResultSet, 'id' | 'createdAt'>): ResultSet {
    const set: ResultSet = { ...entry, id: randomUUID(), createdAt: new Date().toISOString() };
    this.keep(set);
    return set;
  }

  /** Keeps a set made elsewhere (the gateway names it, whichever store keeps it). */
  keep(set: ResultSet): void {
    this.byId.set(set.id, set);
    if (this.reuse) this.idByKey.set(set.key, set.id, { ttl: reuseWindowMs(set, this.ttlMs, this.partialReuseMs) });
  }

  /** Restarts the set's time to live; false when it is gone. */
  touch(id: string): boolean {
    const set = this.byId.get(id);
    if (set) this.byId.set(id, set);
    return set !== undefined;
  }
}
