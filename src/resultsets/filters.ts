/**
 * The one filter semantics of a result-set view (JSON API, SSE and SRU alike), applied in
 * memory to the merged works (no library is asked again):
 * - values of one filter are alternatives (OR); different filters must all hold (AND);
 *   a list of filter objects is a conjunction of them (SRU: one per post-filter clause);
 * - languages are the merged work's languages (the union of its members');
 * - when libraries or categories are chosen, availability is judged on those libraries'
 *   copies only: "eligible at 上海图书馆" is what the reader means.
 */
import type { LibraryConfig } from '../config/schema.ts';
import { decadeOf } from '../merge/facets.ts';
import type { Cluster, LibraryHoldings } from '../merge/types.ts';

export interface Filters {
  libraries?: readonly string[];
  categories?: readonly string[];
  /** Some language of the work is one of these. */
  languages?: readonly string[];
  /** No language of the work is one of these. */
  excludeLanguages?: readonly string[];
  /** Inclusive ranges; a side may be open. */
  years?: readonly { from?: number; to?: number }[];
  /** Facet values: "1980-1989" or "unknown". */
  decades?: readonly string[];
  materialTypes?: readonly string[];
  /** eligible: some copy may be lent through ILL now; not-eligible: none may; available: some copy is on the shelf. */
  availability?: 'eligible' | 'not-eligible' | 'available' | 'any';
}

function nonEmpty<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

function keeps(cluster: Cluster, filters: Filters, libraries: readonly LibraryConfig[]): boolean {
  let rows: readonly LibraryHoldings[] = cluster.holdings;
  if (nonEmpty(filters.libraries) || nonEmpty(filters.categories)) {
    if (nonEmpty(filters.categories) && libraries.length === 0) throw new Error('applyFilters: a category filter needs the library configuration');
    const byCategory = new Set(libraries.filter((l) => filters.categories?.includes(l.category)).map((l) => l.id));
    rows = rows.filter((row) => (!nonEmpty(filters.libraries) || filters.libraries.includes(row.library)) && (!nonEmpty(filters.categories) || byCategory.has(row.library)));
    if (rows.length === 0) return false;
  }
  const m = cluster.merged;
  if (nonEmpty(filters.languages) && !m.languages.some((l) => filters.languages?.includes(l))) return false;
  if (nonEmpty(filters.excludeLanguages) && m.languages.some((l) => filters.excludeLanguages?.includes(l))) return false;
  if (nonEmpty(filters.materialTypes) && !filters.materialTypes.includes(m.materialType)) return false;
  if (nonEmpty(filters.decades) && !filters.decades.includes(decadeOf(m.year))) return false;
  if (nonEmpty(filters.years)) {
    const y = m.year;
    if (y === undefined || !filters.years.some((r) => (r.from === undefined || y >= r.from) && (r.to === undefined || y <= r.to))) return false;
  }
  if (filters.availability === 'eligible' && !rows.some((r) => r.eligible)) return false;
  if (filters.availability === 'not-eligible' && rows.some((r) => r.eligible)) return false;
  if (filters.availability === 'available' && !rows.some((r) => r.available)) return false;
  return true;
}

export function applyFilters(clusters: readonly Cluster[], filters: Filters | readonly Filters[], libraries: readonly LibraryConfig[] = []): Cluster[] {
  const all: readonly Filters[] = Array.isArray(filters) ? filters : [filters as Filters];
  if (all.length === 0) return [...clusters];
  return clusters.filter((cluster) => all.every((f) => keeps(cluster, f, libraries)));
}
