/**
 * Sorting the merged list. Title and author keys ignore non-sort parts (BibRecord.sortTitle,
 * leading articles) and fold case, width and Traditional/Simplified; clusters without a
 * year sort last in both directions; ties fall back to the cluster id so pages are stable.
 */
import { dropLeadingArticle, foldText, stripNonSort } from './normalize-text.ts';
import type { Cluster } from './types.ts';

type SortField = 'relevance' | 'title' | 'author' | 'year';
export interface SortSpec {
  field: SortField;
  direction?: 'asc' | 'desc';
}

/** Chinese collation as readers expect it: 汉字 by pinyin (before Latin), numbers by value. */
const collator = new Intl.Collator('zh-Hans-CN', { numeric: true, sensitivity: 'base' });

export function titleSortKey(cluster: Cluster): string {
  const m = cluster.merged;
  const base = m.sortTitle?.trim() ? m.sortTitle : m.title;
  return dropLeadingArticle(foldText(stripNonSort([base, m.partNumber, m.partName].filter(Boolean).join(' '))));
}

export function authorSortKey(cluster: Cluster): string {
  const first = cluster.merged.authors[0];
  return first ? foldText(first.name) : foldText(cluster.merged.responsibility ?? '');
}

function byId(a: Cluster, b: Cluster): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A sorted copy; `relevance` uses `score` from rankClusters (highest first unless asc). */
export function sortClusters(clusters: readonly Cluster[], sort: SortSpec): Cluster[] {
  const dir = sort.direction ?? (sort.field === 'relevance' || sort.field === 'year' ? 'desc' : 'asc');
  const sign = dir === 'asc' ? 1 : -1;
  const keyed = clusters.map((c) => ({
    c,
    key: sort.field === 'title' ? titleSortKey(c) : sort.field === 'author' ? authorSortKey(c) : '',
  }));
  keyed.sort((x, y) => {
    if (sort.field === 'year') {
      const a = x.c.merged.year;
      const b = y.c.merged.year;
      if (a === undefined || b === undefined) return a === b ? byId(x.c, y.c) : a === undefined ? 1 : -1;
      return sign * (a - b) || byId(x.c, y.c);
    }
    if (sort.field === 'relevance') return sign * ((x.c.score ?? 0) - (y.c.score ?? 0)) || byId(x.c, y.c);
    if (x.key === '' || y.key === '') return x.key === y.key ? byId(x.c, y.c) : x.key === '' ? 1 : -1;
    return sign * collator.compare(x.key, y.key) || byId(x.c, y.c);
  });
  return keyed.map((k) => k.c);
}
