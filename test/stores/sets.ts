/** Real result sets for store tests: merged and ranked records from the benchmark corpus recipe. */
import { randomUUID } from 'node:crypto';
import { mergeAll } from '../../src/merge/merger.ts';
import { rankClusters } from '../../src/merge/rank.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { ResultSet } from '../../src/resultsets/store.ts';
import { benchCorpus } from '../../corpora/merge/corpus.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import { loadCatalogue } from '../../src/simulation/catalogue.ts';
import { hasAuthoredCopies, librarySelection } from '../../src/simulation/holdings.ts';
import { testLibrary } from '../helpers/libraries.ts';

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

/**
 * A set as the demo's libraries answer it: the fixture catalogue's MARC 21 and CNMARC records
 * (CJK titles, 880 original script, multi-volume sets) as several libraries serve them, each
 * with its own copies, mapped with their source MARC kept, then merged and ranked.
 */
export function catalogueResultSet(libraryIds = ['pku', 'tsinghua', 'nlc', 'bnu', 'ruc'], key = 'catalogue'): ResultSet {
  const catalogue = loadCatalogue();
  const recs = libraryIds.flatMap((id, i) => {
    const library = testLibrary(id);
    const identity = { id, branchName: `${id}图书馆`, institution: id.toUpperCase(), share: 0.7 };
    return librarySelection(catalogue, identity, hasAuthoredCopies(catalogue, identity.institution)).map((marc, n) => toBibRecord(marc, { library, localId: `${i}-${n}` }));
  });
  const query: QueryNode = { kind: 'term', field: 'keyword', value: '历史', mode: 'words' };
  return {
    id: randomUUID(),
    key,
    query,
    libraries: libraryIds,
    createdAt: new Date().toISOString(),
    elapsedMs: 420,
    statuses: libraryIds.map((library) => ({ library, state: 'ok' as const, hits: recs.filter((r) => r.library === library).length, fetched: 0, elapsedMs: 30, warnings: [] })),
    records: recs,
    clusters: rankClusters(mergeAll(recs), query),
  };
}
