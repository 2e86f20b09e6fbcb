/**
 * The one view of a result set: filter (./filters.ts), sort, page and facets. The JSON API,
 * the SSE stream and the SRU endpoint all read result sets through it, so a filter means
 * the same thing whichever front end asks.
 */
import type { LibraryConfig } from '../config/schema.ts';
import { computeFacets, type Facets } from '../merge/facets.ts';
import { sortClusters, type SortSpec } from '../merge/sort.ts';
import type { Cluster } from '../merge/types.ts';
import { applyFilters, type Filters } from './filters.ts';
import type { ResultSet } from './store.ts';

export type { Filters } from './filters.ts';

export interface ViewRequest {
  filters?: Filters | readonly Filters[];
  /** Default: relevance (the order the set is kept in). */
  sort?: SortSpec;
  /** 0-based. */
  offset: number;
  limit: number;
}

export interface ResultSetView {
  /** Merged works after the filters. */
  total: number;
  page: Cluster[];
  /** Over the whole set, not the filtered part: a facet shows what choosing it would give. */
  facets(): Facets;
}

export function viewResultSet(set: ResultSet, request: ViewRequest, libraries: readonly LibraryConfig[]): ResultSetView {
  const filtered = request.filters === undefined ? set.clusters : applyFilters(set.clusters, request.filters, libraries);
  const sort = request.sort;
  // Clusters are kept ranked by relevance; other orders are computed per request.
  const ordered = sort === undefined || (sort.field === 'relevance' && sort.direction !== 'asc') ? filtered : sortClusters(filtered, sort);
  return {
    total: filtered.length,
    page: ordered.slice(request.offset, request.offset + request.limit),
    facets: () => facetsOf(set.clusters, libraries),
  };
}

/** Facets depend only on the set's clusters and the library list: counted once per set, not per page or filter. */
const facetsCache = new WeakMap<readonly Cluster[], { libraries: readonly LibraryConfig[]; facets: Facets }>();

function facetsOf(clusters: readonly Cluster[], libraries: readonly LibraryConfig[]): Facets {
  const cached = facetsCache.get(clusters);
  if (cached && cached.libraries === libraries) return cached.facets;
  const facets = computeFacets(clusters, libraries);
  facetsCache.set(clusters, { libraries, facets });
  return facets;
}
