/** Real result sets for store tests: merged and ranked records from the benchmark corpus recipe. */
import { randomUUID } from 'node:crypto';
import { mergeAll } from '../../src/merge/merger.ts';
import { rankClusters } from '../../src/merge/rank.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { ResultSet } from '../../src/resultsets/store.ts';
import { benchCorpus } from '../../corpora/merge/corpus.ts';

export function makeResultSet(records = 120, seed = 3, key = `title=history-${seed}`): ResultSet {
  const recs = benchCorpus(records, seed).map((l) => l.record);
  const query: QueryNode = { kind: 'term', field: 'title', value: 'history', mode: 'words' };
  const libraries = [...new Set(recs.map((r) => r.library))];
  return {
    id: randomUUID(),
    key,
    query,
    libraries,
    createdAt: new Date().toISOString(),
    elapsedMs: 42,
    statuses: libraries.map((library) => ({ library, state: 'ok' as const, hits: recs.filter((r) => r.library === library).length, fetched: 0, elapsedMs: 30, warnings: [] })),
    records: recs,
    clusters: rankClusters(mergeAll(recs), query),
  };
}
