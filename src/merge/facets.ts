/**
 * Facet counts over the whole merged set (each cluster counted once per value), so the
 * UI can show them beside any page. Library labels and categories come from the library
 * configuration; a library not in it is shown by id and has no category.
 */
import type { LibraryConfig } from '../config/schema.ts';
import type { Cluster } from './types.ts';

interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface Facets {
  library: FacetValue[];
  category: FacetValue[];
  language: FacetValue[];
  /** value "1980-1989"; "unknown" for clusters without a year. */
  decade: FacetValue[];
  year: FacetValue[];
  materialType: FacetValue[];
  /** eligible (may be requested by ILL now), available (on the shelf somewhere), any. */
  availability: FacetValue[];
}

const UNKNOWN_YEAR = 'unknown';

export function decadeOf(year: number | undefined): string {
  if (year === undefined) return UNKNOWN_YEAR;
  const start = Math.floor(year / 10) * 10;
  return `${start}-${start + 9}`;
}

class Counter {
  private readonly counts = new Map<string, { label: string; count: number }>();

  add(value: string, label = value): void {
    const entry = this.counts.get(value);
    if (entry) entry.count++;
    else this.counts.set(value, { label, count: 1 });
  }

  values(order: 'count' | 'value-desc' = 'count'): FacetValue[] {
    const list = [...this.counts].map(([value, e]) => ({ value, label: e.label, count: e.count }));
    return list.sort((a, b) =>
      order === 'count' ? b.count - a.count || (a.value < b.value ? -1 : 1) : a.value === UNKNOWN_YEAR ? 1 : b.value === UNKNOWN_YEAR ? -1 : a.value < b.value ? 1 : -1,
    );
  }
}

export function computeFacets(clusters: readonly Cluster[], libraries: readonly LibraryConfig[]): Facets {
  const config = new Map(libraries.map((l) => [l.id, l]));
  const library = new Counter();
  const category = new Counter();
  const language = new Counter();
  const decade = new Counter();
  const year = new Counter();
  const materialType = new Counter();
  let eligible = 0;
  let available = 0;
  for (const cluster of clusters) {
    const categories = new Set<string>();
    for (const id of cluster.libraries) {
      const lib = config.get(id);
      library.add(id, lib?.name.zh ?? id);
      if (lib) categories.add(lib.category);
    }
    for (const c of categories) category.add(c);
    const m = cluster.merged;
    m.languages.forEach((code, i) => language.add(code, m.languageNames[i] ?? code));
    const d = decadeOf(m.year);
    decade.add(d, d === UNKNOWN_YEAR ? '年代不详' : `${d.slice(0, 4)}s`);
    if (m.year !== undefined) year.add(String(m.year));
    materialType.add(m.materialType);
    if (cluster.eligibleLibraries.length > 0) eligible++;
    if (cluster.available) available++;
  }
  return {
    library: library.values(),
    category: category.values(),
    language: language.values(),
    decade: decade.values('value-desc'),
    year: year.values('value-desc'),
    materialType: materialType.values(),
    availability: [
      { value: 'eligible', label: '可馆际互借', count: eligible },
      { value: 'available', label: '在架', count: available },
      { value: 'any', label: '全部', count: clusters.length },
    ],
  };
}
