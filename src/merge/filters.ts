/**
 * Filters on the merged set, applied in memory (no library is asked again). Values of
 * one filter are alternatives (OR); different filters must all hold (AND). When libraries
 * or categories are chosen, availability is judged on those libraries' copies only: "eligible
 * at 上海图书馆" is what the reader means.
 */
import type { LibraryConfig } from '../config/schema.ts';
import { decadeOf } from './facets.ts';
import type { Cluster, LibraryHoldings } from './types.ts';

export interface Filters {
  libraries?: readonly string[];
  categories?: readonly string[];
  languages?: readonly string[];
  /** Inclusive ranges; a side may be open. */
  years?: readonly { from?: number; to?: number }[];
  /** Facet values: "1980-1989" or "unknown". */
  decades?: readonly string[];
  materialTypes?: readonly string[];
  availability?: 'eligible' | 'available' | 'any';
}

function nonEmpty<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

export function applyFilters(clusters: readonly Cluster[], filters: Filters, libraries: readonly LibraryConfig[] = []): Cluster[] {
  let scope: ((row: LibraryHoldings) => boolean) | undefined;
  if (nonEmpty(filters.libraries) || nonEmpty(filters.categories)) {
    if (nonEmpty(filters.categories) && libraries.length === 0) throw new Error('applyFilters: a category filter needs the library configuration');
    const byCategory = new Set(libraries.filter((l) => filters.categories?.includes(l.category)).map((l) => l.id));
    const chosen = new Set(filters.libraries ?? []);
    scope = (row) => (!nonEmpty(filters.libraries) || chosen.has(row.library)) && (!nonEmpty(filters.categories) || byCategory.has(row.library));
  }
  return clusters.filter((cluster) => {
    const rows = scope ? cluster.holdings.filter(scope) : cluster.holdings;
    if (scope && rows.length === 0) return false;
    const m = cluster.merged;
    if (nonEmpty(filters.languages) && !m.languages.some((l) => filters.languages?.includes(l))) return false;
    if (nonEmpty(filters.materialTypes) && !filters.materialTypes.includes(m.materialType)) return false;
    if (nonEmpty(filters.decades) && !filters.decades.includes(decadeOf(m.year))) return false;
    if (nonEmpty(filters.years)) {
      const y = m.year;
      if (y === undefined || !filters.years.some((r) => (r.from === undefined || y >= r.from) && (r.to === undefined || y <= r.to))) return false;
    }
    if (filters.availability === 'eligible' && !rows.some((r) => r.eligible)) return false;
    if (filters.availability === 'available' && !rows.some((r) => r.available)) return false;
    return true;
  });
}
