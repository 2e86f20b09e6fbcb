/**
 * "Records to serve": the one place that turns a federated result set into the ordered
 * list of SRU records. Today each library's record is served as it came (result-set
 * order); when the merge engine lands, this function returns one ServedRecord per
 * cluster — members = the cluster's records, holdings = every member's copies — and
 * nothing else in src/sru changes.
 */
import type { Holding } from '../holdings/model.ts';
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
}

const cache = new WeakMap<ResultSet, ServedRecord[]>();

export function recordsToServe(set: ResultSet): ServedRecord[] {
  let served = cache.get(set);
  if (!served) {
    served = set.records.map((record) => ({ id: record.id, record, members: [record], holdings: record.holdings }));
    cache.set(set, served);
  }
  return served;
}
