/**
 * "Records to serve": the one place that turns a federated result set into the ordered
 * list of SRU records — one per merged work (cluster), in relevance order, described by
 * the member record the merge took the title from, carrying every member library's copies
 * (libraries with an ILL-eligible copy first).
 */
import type { Holding } from '../holdings/model.ts';
import type { LenderService } from '../holdings/lender-service.ts';
import type { ClusterRelation } from '../merge/types.ts';
import type { BibRecord } from '../records/model.ts';
import type { ResultSet } from '../resultsets/store.ts';

export interface ServedRecord {
  /** Stable within the result set (used by scan counts and record identifiers). */
  id: string;
  /** The record whose bibliographic description is served. */
  record: BibRecord;
  /** Every source record behind it (one today; a cluster's members after merging). */
  members: BibRecord[];
  /** Every member library's copies. */
  holdings: Holding[];
  /** Works kept apart from this one on purpose (other editions, bindings, volumes), with the reason. */
  relations: ClusterRelation[];
  /** The service status each library's copies were judged with (the result set's). */
  services?: Record<string, LenderService>;
}

const cache = new WeakMap<ResultSet, ServedRecord[]>();

export function recordsToServe(set: ResultSet): ServedRecord[] {
  let served = cache.get(set);
  if (!served) {
    served = set.clusters.map((cluster) => {
      const titleSource = cluster.merged.sources.title;
      const record = cluster.records.find((r) => r.id === titleSource && r.marc) ?? cluster.records.find((r) => r.marc) ?? cluster.records[0]!;
      return { id: cluster.id, record, members: cluster.records, holdings: cluster.holdings.flatMap((row) => row.holdings), relations: cluster.relations, ...(set.services ? { services: set.services } : {}) };
    });
    cache.set(set, served);
  }
  return served;
}
