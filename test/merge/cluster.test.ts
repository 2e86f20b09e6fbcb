/**
 * The cluster index's key registration: a re-sent record keeps the keys it was registered with
 * and adds its new ones; a key given twice counts once.
 */
import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../../src/merge/cluster.ts';
import type { Traits } from '../../src/merge/traits.ts';
import type { MatchKey, MatchRule } from '../../src/merge/types.ts';

const traits: Traits = { isbns: [], volume: '', subtitles: [], binding: '', edition: '' };
const key = (rule: MatchRule, text: string): MatchKey => ({ rule, value: text, key: text });

describe('ClusterIndex.addKeys', () => {
  it('joins by a key a node got when its record was re-sent, and still by the keys it had', () => {
    const index = new ClusterIndex();
    const [a, b, c] = [index.addNode(), index.addNode(), index.addNode()];
    index.addKeys(a, [key('isbn', 'isbn|1|p')], traits);
    index.addKeys(b, [key('isbn', 'isbn|2|p')], traits);
    index.addKeys(c, [key('title-author-year', 't|eng|x|y|2000||||p')], traits);
    expect(index.groups()).toEqual([[a], [b], [c]]);
    // Re-sent with one key it had and two new ones.
    index.addKeys(a, [key('isbn', 'isbn|1|p'), key('isbn', 'isbn|2|p'), key('title-author-year', 't|eng|x|y|2000||||p')], traits);
    expect(index.groups()).toEqual([[a, b, c]]);
    // Re-sent again without them: what was registered stays.
    index.addKeys(a, [key('isbn', 'isbn|1|p')], traits);
    expect(index.groups()).toEqual([[a, b, c]]);
  });

  it('counts a title key given twice by one node once: a bucket of one node joins nothing', () => {
    const index = new ClusterIndex();
    const [a, b] = [index.addNode(), index.addNode()];
    const title = key('title-author-year', 't|eng|x|y|2000||||p');
    index.addKeys(a, [title, title], traits);
    index.addKeys(a, [title], traits);
    index.addKeys(b, [key('isbn', 'isbn|9|p')], traits);
    expect(index.groups()).toEqual([[a], [b]]);
    index.addKeys(b, [title], traits);
    expect(index.groups()).toEqual([[a, b]]);
  });
});
