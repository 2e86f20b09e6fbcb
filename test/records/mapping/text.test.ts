import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unique } from '../../../src/records/mapping/text.ts';

/** What unique() did with a Set for every list: the reference for its short-list path. */
function uniqueBySet<T>(values: readonly T[], key: (value: T) => string = String): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

describe('unique', () => {
  it('keeps the first of each key, in order, for short and long lists alike', () => {
    // Few distinct texts, so lists of every length have duplicates; up to 20 covers both paths.
    const text = fc.constantFrom('a', 'b', 'c', 'A', '中国', '', ' a');
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (values) => {
        expect(unique(values)).toEqual(uniqueBySet(values));
        const byFold = (v: string) => v.trim().toLowerCase();
        expect(unique(values, byFold)).toEqual(uniqueBySet(values, byFold));
      }),
    );
  });

  it('returns a new array, also for none or one value', () => {
    for (const values of [[], ['x'], ['x', 'x', 'y']]) {
      const out = unique(values);
      expect(out).not.toBe(values);
      expect(out).toEqual(uniqueBySet(values));
    }
  });

  it('keys objects by the key given', () => {
    const authors = [{ name: 'Mote', role: '编' }, { name: 'Mote', role: '编' }, { name: 'Mote' }, { name: 'Twitchett', role: '编' }];
    expect(unique(authors, (a) => `${a.name}|${a.role ?? ''}`)).toEqual([authors[0], authors[2], authors[3]]);
  });
});
