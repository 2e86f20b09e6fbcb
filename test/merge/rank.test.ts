/**
 * rankClusters with a RankCache (one per search, as the gateway ranks a stream's updates and then
 * the whole set) against rankClusters without one: the same scores and order on the labelled merge
 * corpus for title, author and keyword queries, and a cluster whose members changed is indexed
 * again. (Ranking rules: present.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { labelledCorpus } from '../../corpora/merge/corpus.ts';
import { Merger, mergeAll } from '../../src/merge/merger.ts';
import { RankCache, rankClusters } from '../../src/merge/rank.ts';
import type { Cluster } from '../../src/merge/types.ts';
import type { QueryNode } from '../../src/query/model.ts';

const term = (field: 'title' | 'keyword' | 'author', value: string): QueryNode => ({ kind: 'term', field, value, mode: 'words' });
const QUERIES: QueryNode[] = [term('title', 'history'), term('keyword', 'China'), term('author', 'Fairbank'), term('keyword', '上海'), { kind: 'and', left: term('title', 'history'), right: term('keyword', 'Ming') }];
const scores = (list: readonly Cluster[]) => list.map((c) => `${c.id}=${c.score}`);

describe('rankClusters with a RankCache', () => {
  const records = labelledCorpus().map((l) => l.record);

  it('ranks as without one, asked again and again on the same clusters', () => {
    const clusters = mergeAll(records);
    for (const query of QUERIES) {
      const cache = new RankCache();
      const plain = scores(rankClusters(clusters, query));
      expect(scores(rankClusters(clusters, query, { cache }))).toEqual(plain);
      expect(scores(rankClusters(clusters, query, { cache }))).toEqual(plain);
    }
  });

  it('indexes a cluster again when the merger rebuilt it (a stream: each update, then the whole set)', () => {
    const query = term('keyword', 'history');
    const cache = new RankCache();
    const merger = new Merger();
    const half = Math.floor(records.length / 2);
    merger.add(records.slice(0, half));
    rankClusters(merger.clusters(), query, { cache });
    merger.add(records.slice(half));
    const final = merger.clusters();
    expect(scores(rankClusters(final, query, { cache }))).toEqual(scores(rankClusters(final, query)));
  });
});
