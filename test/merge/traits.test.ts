/**
 * Subtitle keys tagged by script, read through the per-subtitle memory: the same subtitle
 * gives each record language its own tags, whichever language read it first.
 */
import { describe, expect, it } from 'vitest';
import { subtitleKeys } from '../../src/merge/traits.ts';
import { bib } from '../../corpora/merge/records.ts';

describe('subtitleKeys', () => {
  const cases: { name: string; subtitle?: string; title?: string; vernacularTitle?: string; lang: string; expected: string[] }[] = [
    { name: 'a Latin subtitle, English record', subtitle: 'a social history', lang: 'eng', expected: ['l:socialhistory'] },
    { name: 'the same subtitle, Chinese record (romanized: not compared)', subtitle: 'a social history', lang: 'chi', expected: [] },
    { name: 'a CJK subtitle, Chinese record', subtitle: '明代卷', lang: 'chi', expected: ['c:明代卷'] },
    { name: 'the same CJK subtitle, English record', subtitle: '明代卷', lang: 'eng', expected: ['c:明代卷'] },
    { name: 'dates only, English record', subtitle: '1840-1919', lang: 'eng', expected: ['c:18401919', 'l:18401919'] },
    { name: 'dates only, Chinese record', subtitle: '1840-1919', lang: 'chi', expected: ['c:18401919', 'l:18401919'] },
    { name: 'one character', subtitle: '上', lang: 'chi', expected: [] },
    { name: 'one character outside the BMP', subtitle: '𠀀', lang: 'chi', expected: [] },
    { name: 'the title\'s own " : " part and the vernacular title\'s', title: 'Ming shi : Ming dai juan', vernacularTitle: '明史 : 明代卷', lang: 'chi', expected: ['c:明代卷'] },
    { name: 'both, English record', title: 'Ming history : the Ming volume', vernacularTitle: '明史 : 明代卷', lang: 'eng', expected: ['l:mingvolume', 'c:明代卷'] },
    { name: 'the same key from both', title: 'X : 明代卷', vernacularTitle: 'Y : 明代卷', lang: 'eng', expected: ['c:明代卷'] },
  ];

  it('tags each subtitle for the record language, in any order and on a second reading', () => {
    for (const round of [cases, [...cases].reverse(), cases]) {
      for (const c of round) {
        const record = bib({ id: 'x:1', library: 'x', title: c.title ?? 'T', ...(c.subtitle ? { subtitle: c.subtitle } : {}), ...(c.vernacularTitle ? { vernacularTitle: c.vernacularTitle } : {}) });
        expect(subtitleKeys(record, c.lang), c.name).toEqual(c.expected);
      }
    }
  });
});
