/** Public API of the merge module: progressive merging, ranking, sorting, facets (filters: src/resultsets/view.ts). */
export { Merger, mergeAll, type MergerOptions } from './merger.ts';
export { rankClusters, type RankOptions } from './rank.ts';
export { sortClusters, titleSortKey, authorSortKey, type SortField, type SortSpec } from './sort.ts';
export { computeFacets, decadeOf, type Facets, type FacetValue } from './facets.ts';
export { explainCluster, explainRecord } from './explain.ts';
export { profileRecord, titleKey, DEFAULT_OTHER_ID_SCHEMES, type KeyOptions, type RecordProfile } from './keys.ts';
export { foldText, stripNonSort } from './normalize-text.ts';
export { toSimplified, tradSimpSize } from './trad-simp.ts';
export type * from './types.ts';
