/**
 * The result-set seam: where finished searches are kept for paging, facets, SRU resultSetId
 * and ILL drafts. Embedded (in-process LRU, the default) or Redis (shared by every instance).
 * Methods may throw StoreUnavailableError; the gateway degrades searches and answers reads 503.
 */
import type { Cluster } from '../merge/types.ts';
import type { BibRecord } from '../records/model.ts';
import { ResultSetStore, type ResultSet } from '../resultsets/store.ts';

export interface ResultSetStorage {
  readonly kind: string;
  /**
   * A search whose set will get this id starts now and may take `holdMs`: a shared store sends
   * its claim meanwhile, so keeping the set after the search waits for no round trip. Followed
   * by keepNow() (else put()) with the set, or abandon() when the search fails.
   */
  reserve(id: string, holdMs: number): void;
  abandon(id: string): void;
  /** Keeps a finished search at once, waiting for nothing, when that needs no round trip (a reserved set whose claim has landed); false: put() it. */
  keepNow(set: ResultSet): boolean;
  /**
   * The reserved claim of `id` while the shared store has not confirmed it; undefined once it has,
   * or in a store without claims. A search that keeps its set after answering waits for this
   * first, so a client paging on another instance right after the answer finds the set's mark.
   */
  claimLanding(id: string): Promise<unknown> | undefined;
  /** Keeps a finished search; the same search (its key) is answered from it for a while (reuseWindowMs). */
  put(set: ResultSet): Promise<void>;
  get(id: string): Promise<ResultSet | undefined>;
  /** Restarts the set's time to live (a client still paging); false when it is gone. */
  touch(id: string): Promise<boolean>;
  /** Merged works `offset`..`offset+count` and the total, without the caller holding the whole set. */
  page(id: string, offset: number, count: number): Promise<{ total: number; clusters: Cluster[] } | undefined>;
  /**
   * Whether a set for this search key may still be reusable, from what this process knows (no
   * round trip): false means findByKey would find nothing, so a search need not wait for it.
   */
  mayReuse(key: string): boolean;
  /** A still-reusable set for the same search key. */
  findByKey(key: string): Promise<ResultSet | undefined>;
  /** The newest kept set holding this record (ILL drafts referenced by record id alone). */
  findRecord(recordId: string): Promise<{ resultSet: ResultSet; record: BibRecord } | undefined>;
  /** False while the backing service is unreachable. */
  ready(): boolean;
  close(): Promise<void>;
}

/** The default: the in-process store (src/resultsets/store.ts), behind the seam. */
export class EmbeddedResultSets implements ResultSetStorage {
  readonly kind = 'embedded';

  constructor(private readonly store: ResultSetStore) {}

  reserve(): void {}

  abandon(): void {}

  keepNow(set: ResultSet): boolean {
    this.store.keep(set);
    return true;
  }

  claimLanding(): undefined {
    return undefined;
  }

  async put(set: ResultSet): Promise<void> {
    this.store.keep(set);
  }

  async get(id: string): Promise<ResultSet | undefined> {
    return this.store.get(id);
  }

  async touch(id: string): Promise<boolean> {
    return this.store.touch(id);
  }

  async page(id: string, offset: number, count: number): Promise<{ total: number; clusters: Cluster[] } | undefined> {
    const set = this.store.get(id);
    return set ? { total: set.clusters.length, clusters: set.clusters.slice(offset, offset + count) } : undefined;
  }

  mayReuse(key: string): boolean {
    return this.store.findByKey(key) !== undefined;
  }

  async findByKey(key: string): Promise<ResultSet | undefined> {
    return this.store.findByKey(key);
  }

  async findRecord(recordId: string): Promise<{ resultSet: ResultSet; record: BibRecord } | undefined> {
    return this.store.findRecord(recordId);
  }

  ready(): boolean {
    return true;
  }

  async close(): Promise<void> {}
}
