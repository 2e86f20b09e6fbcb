/**
 * Sort is cheap here: a named set is an in-memory list of merged works, so sorting one is a
 * comparison sort on keys the merge already computed (src/merge/sort.ts: title and author
 * folded for Chinese collation, year). Keys: use 4 title, 1003/1 author, 30/31 year; several
 * keys in order; ascending or descending. Anything else gets its Bib-1 sort diagnostic.
 */
import { authorSortKey, titleSortKey } from '../merge/sort.ts';
import type { Cluster } from '../merge/types.ts';
import type { ServedRecord } from '../sru/serve.ts';
import type { SortKeyIn, SortRequestIn, SortResponseOut } from '../z3950/apdu/sort.ts';
import { Bib1Error } from './bib1-error.ts';
import { checkSetName, type SessionState } from './state.ts';

type Key = { field: 'title' | 'author' | 'year'; descending: boolean };
const MAX_KEYS = 3;
const collator = new Intl.Collator('zh-Hans-CN', { numeric: true, sensitivity: 'base' });

function keyOf(spec: SortKeyIn): Key {
  if (spec.relation !== 0 && spec.relation !== 1) throw new Bib1Error(214, String(spec.relation));
  const descending = spec.relation === 1;
  if (spec.kind === 'private') {
    const name = spec.field.toString('utf8').trim().toLowerCase();
    if (name === 'title' || name === 'author' || name === 'year') return { field: name, descending };
    throw new Bib1Error(207, name);
  }
  if (spec.kind !== 'attributes') throw new Bib1Error(209);
  switch (spec.use) {
    case 4:
      return { field: 'title', descending };
    case 1:
    case 1003:
      return { field: 'author', descending };
    case 30:
    case 31:
      return { field: 'year', descending };
    default:
      throw new Bib1Error(207, `use ${spec.use ?? 'missing'} (sort: 4 title, 1003 author, 31 year)`);
  }
}

function compare(a: Cluster, b: Cluster, keys: readonly Key[]): number {
  for (const key of keys) {
    let c: number;
    if (key.field === 'year') {
      const [x, y] = [a.merged.year, b.merged.year];
      // Works without a year go last either way, as in the gateway's own sort.
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
        continue;
      }
      c = x - y;
    } else {
      const pick = key.field === 'title' ? titleSortKey : authorSortKey;
      c = collator.compare(pick(a), pick(b));
    }
    if (c !== 0) return key.descending ? -c : c;
  }
  return 0;
}

export function sort(req: SortRequestIn, state: SessionState): SortResponseOut {
  const ref = req.referenceId ? { referenceId: req.referenceId } : {};
  try {
    if (req.inputResultSetNames.length !== 1) throw new Bib1Error(230, String(req.inputResultSetNames.length));
    const input = state.sets.get(state.decode(req.inputResultSetNames[0]!));
    const output = state.decode(req.sortedResultSetName);
    if (output === '') throw new Bib1Error(208);
    checkSetName(output, state);
    if (req.keys.length === 0 || req.keys.length > MAX_KEYS) throw new Bib1Error(211, `1 to ${MAX_KEYS} keys`);
    const keys = req.keys.map(keyOf);
    if (new Set(keys.map((k) => k.field)).size !== keys.length) throw new Bib1Error(212);
    const clusterOf = (item: ServedRecord): Cluster => {
      const cluster = input.clusters.get(item.id);
      if (!cluster) throw new Bib1Error(231, item.id);
      return cluster;
    };
    // Array.prototype.sort is stable: equal works keep their relevance order.
    const items = [...input.items].sort((a, b) => compare(clusterOf(a), clusterOf(b), keys));
    state.sets.put(output, { items, statuses: input.statuses, clusters: input.clusters });
    return { ...ref, sortStatus: 0, resultCount: items.length };
  } catch (error) {
    if (!(error instanceof Bib1Error)) throw error;
    return { ...ref, sortStatus: 2, resultSetStatus: 4, diagnostics: [error.diagnostic] };
  }
}
