/** JSON shapes the API returns (records without their heavy source MARC unless asked). */
import type { LibraryConfig } from '../config/schema.ts';
import type { HealthSummary } from '../gateway/health.ts';
import { computeFacets } from '../merge/facets.ts';
import { applyFilters } from '../merge/filters.ts';
import { sortClusters } from '../merge/sort.ts';
import type { Cluster } from '../merge/types.ts';
import type { BibRecord } from '../records/model.ts';
import type { ResultSet } from '../resultsets/store.ts';
import type { ViewParams } from './view-params.ts';

export function recordView(record: BibRecord, withMarc: boolean): Omit<BibRecord, 'marc'> & { marc?: BibRecord['marc'] } {
  if (withMarc) return record;
  const { marc: _marc, ...rest } = record;
  return rest;
}

export function clusterView(cluster: Cluster, withMarc: boolean) {
  return { ...cluster, records: cluster.records.map((r) => recordView(r, withMarc)) };
}

export function libraryView(library: LibraryConfig, health?: HealthSummary) {
  return {
    id: library.id,
    name: library.name,
    category: library.category,
    adapter: library.adapter,
    service: library.service,
    lenderCode: library.ill.lenderCode,
    ...(health ? { health } : {}),
  };
}

/** The merged works of a result set, filtered and sorted as asked, one page of them, with facets over the whole set. */
export function resultSetView(set: ResultSet, view: ViewParams, libraries: readonly LibraryConfig[], fromCache?: boolean) {
  const filtered = applyFilters(set.clusters, view.filters, libraries);
  // Clusters are kept ranked by relevance; other orders are computed per request.
  const ordered = view.sort.field === 'relevance' && view.sort.direction !== 'asc' ? filtered : sortClusters(filtered, view.sort);
  const page = ordered.slice(view.offset, view.offset + view.limit);
  return {
    resultSetId: set.id,
    createdAt: set.createdAt,
    ...(fromCache === undefined ? {} : { fromCache }),
    elapsedMs: set.elapsedMs,
    /** Hits the libraries reported, before merging. */
    hits: set.statuses.reduce((sum, s) => sum + s.hits, 0),
    records: set.records.length,
    /** Merged works after the filters. */
    total: filtered.length,
    offset: view.offset,
    limit: view.limit,
    sort: view.sort,
    filters: view.filters,
    clusters: page.map((c) => clusterView(c, view.withMarc)),
    facets: computeFacets(set.clusters, libraries),
    libraries: set.statuses,
  };
}
