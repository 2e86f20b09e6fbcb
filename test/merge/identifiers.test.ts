/**
 * Which ISBNs of a record are its own, read through the per-ISBN memory: the same ISBN text
 * with another qualifier or another given ISBN-13 is another reading, whichever came first.
 */
import { describe, expect, it } from 'vitest';
import { recordIsbns } from '../../src/merge/identifiers.ts';
import type { Isbn } from '../../src/records/model.ts';
import { bib, isbnEntry } from '../../corpora/merge/records.ts';

const CHINA = '9787115163622';
const CAMBRIDGE = '9780521243322';

function read(isbns: Isbn[], volume = '', electronic = false) {
  const { identity, ambiguous, set, invalid, foreign, isSet, binding } = recordIsbns(bib({ id: 'x:1', library: 'x', title: 'T', isbns }), volume, electronic);
  return { identity, ambiguous, set, invalid, foreign, isSet, binding };
}

const none = { identity: [], ambiguous: [], set: [], invalid: [], foreign: [], isSet: false, binding: '' };

describe('recordIsbns reads each ISBN by its text, qualifier and given ISBN-13 together', () => {
  const cases: { name: string; isbns: Isbn[]; volume?: string; expected: ReturnType<typeof read> }[] = [
    { name: 'unqualified', isbns: [isbnEntry(CHINA)], expected: { ...none, identity: [CHINA] } },
    { name: 'paperback', isbns: [isbnEntry(CHINA, 'pbk.')], expected: { ...none, identity: [CHINA], binding: 'soft' } },
    { name: 'hardback', isbns: [isbnEntry(CHINA, '精装')], expected: { ...none, identity: [CHINA], binding: 'hard' } },
    { name: 'the set', isbns: [isbnEntry(CHINA, 'set')], expected: { ...none, identity: [CHINA], isSet: true } },
    { name: 'volume 7 on the v. 7 record', isbns: [isbnEntry(CHINA, 'v. 7')], volume: '7', expected: { ...none, identity: [CHINA] } },
    { name: 'volume 8 on the v. 7 record', isbns: [isbnEntry(CHINA, 'v. 8')], volume: '7', expected: { ...none, foreign: [CHINA] } },
    { name: 'unqualified on a volume record', isbns: [isbnEntry(CHINA)], volume: '7', expected: { ...none, ambiguous: [CHINA] } },
    // The text as written holds no ISBN: the given ISBN-13 is read instead, so it is part of the reading.
    { name: 'unreadable text, given one ISBN-13', isbns: [{ original: 'ISBN unknown', valid: true, isbn13: CHINA }], expected: { ...none, identity: [CHINA] } },
    { name: 'unreadable text, given another', isbns: [{ original: 'ISBN unknown', valid: true, isbn13: CAMBRIDGE }], expected: { ...none, identity: [CAMBRIDGE] } },
    { name: 'unreadable text, none given', isbns: [{ original: 'ISBN unknown', valid: false }], expected: none },
    { name: 'paperback and hardback', isbns: [isbnEntry(CHINA, 'pbk.'), isbnEntry(CAMBRIDGE, 'cloth')], expected: { ...none, identity: [CHINA], foreign: [CAMBRIDGE], binding: 'soft' } },
  ];

  it('gives each reading its own result, in any order and on a second reading', () => {
    const rounds = [cases, [...cases].reverse(), cases];
    for (const round of rounds) {
      for (const c of round) expect(read(c.isbns, c.volume), c.name).toEqual(c.expected);
    }
  });

  it('reads an e-book without the print binding of its qualifier', () => {
    expect(read([isbnEntry(CHINA, 'pbk.')], '', true)).toEqual({ ...none, foreign: [CHINA] });
    expect(read([isbnEntry(CHINA, 'pbk.')])).toEqual({ ...none, identity: [CHINA], binding: 'soft' });
  });
});
