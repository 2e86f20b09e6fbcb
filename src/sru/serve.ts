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

const RENDERED = Symbol('rendered forms');

/**
 * A served record in one rendered form (an SRU schema's XML, a Z39.50 syntax and element set's
 * body), made once per render context and form: a set paged, or answered again from the gateway's
 * cache, hands out the same ServedRecord objects (recordsToServe), so the same record is not
 * serialized again. Kept on the record itself, under a hidden property (not in JSON, spreads or
 * comparisons), so the forms go when it does: a module-wide WeakMap keyed by every search's records
 * made each young-generation collection walk its entries (rank.ts's did). `form` names the caller's
 * kind of rendering and its variant (a schema URI; "syntax/element set"), so two never share a key.
 */
export function renderedOnce<T>(item: ServedRecord, context: object, form: string, render: () => T): T {
  const holder = item as ServedRecord & { [RENDERED]?: Map<object, Map<string, unknown>> };
  let byContext = holder[RENDERED];
  if (!byContext) {
    byContext = new Map();
    Object.defineProperty(holder, RENDERED, { value: byContext, enumerable: false });
  }
  let forms = byContext.get(context);
  if (!forms) byContext.set(context, (forms = new Map()));
  if (forms.has(form)) return forms.get(form) as T;
  const made = render();
  forms.set(form, made);
  return made;
}

