import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastWordBeforeStop, trimIsbd, unique } from '../../../src/records/mapping/text.ts';

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

/** The expression lastWordBeforeStop reads backwards, and trimIsbd as it ran it: the references. */
const LAST_WORD = /(^|[\s(.])([\p{L}.]+)\.$/u;
const ABBREVIATIONS = new Set(['ed', 'eds', 'cm', 'mm', 'v', 'vol', 'vols', 'pt', 'no', 'etc', 'inc', 'co', 'ltd', 'jr', 'sr', 'dr', 'st', 'ill', 'p', 'pp', 'col', 'b.c', 'a.d', 'n.d']);
function trimIsbdByExpression(text: string): string {
  let out = text.replace(/[\u0088\u0089\u0098\u009C]/gu, '').trim();
  for (;;) {
    const before = out;
    out = out.replace(/\s*[/:;=,]$/u, '');
    if (out.endsWith('.') && !out.endsWith('...')) {
      const stop = LAST_WORD.exec(out);
      const word = (stop?.[2] ?? '').toLowerCase();
      const isInitial = word.length === 1 && /\p{Lu}/u.test(stop?.[2] ?? '');
      if (!isInitial && !ABBREVIATIONS.has(word)) out = out.slice(0, -1).trim();
    }
    if (out === before) return out;
  }
}

describe('lastWordBeforeStop', () => {
  // Letters of every width (ASCII, Latin-1, CJK, an astral ideograph, upper case), stops, the
  // characters that may stand before the word, and others (digits, punctuation, lone surrogates).
  const piece = fc.constantFrom('a', 'W', 'é', '中', '国', '\u{20000}', '.', ' ', '\u3000', '\u00a0', '(', ')', '1', '-', ',', '/', ':', '\ud800', '\udc00', 'cm', 'ed', 'v');
  const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));

  it('finds the word the expression finds, before any final stop', () => {
    fc.assert(
      fc.property(text, (body) => {
        const stopped = `${body}.`;
        expect(lastWordBeforeStop(stopped)).toBe(LAST_WORD.exec(stopped)?.[2]);
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps trimIsbd what it was with the expression', () => {
    const ending = fc.constantFrom('', '.', ' .', ' /', ' :', ',', '...', '. /', ' ;.', ' =', '\u3000:', '\t/ .', ' .. ,', '\u00a0.\u2028');
    fc.assert(
      fc.property(text, ending, (body, end) => {
        expect(trimIsbd(body + end)).toBe(trimIsbdByExpression(body + end));
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps trimIsbd what it was with the expression for every UTF-16 code unit, in the places a value ends', () => {
    // White space of every kind (tab, LF, U+2028, U+FEFF, U+180E...) and punctuation, as the last
    // character, before a stop, between stops and alone: the random test's alphabet has few of them.
    const contexts = [(c: string) => `ab${c}`, (c: string) => `ab${c}.`, (c: string) => `ab ${c} /`, (c: string) => c, (c: string) => `word.${c}`, (c: string) => `ab${c}${c} ;`];
    const differing: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      for (const context of contexts) {
        const value = context(c);
        if (trimIsbd(value) !== trimIsbdByExpression(value)) differing.push(JSON.stringify(value));
      }
    }
    expect(differing).toEqual([]);
  });

  it.each([
    ['Mote, Frederick W.', 'W'],
    ['24 cm.', 'cm'],
    ['(v.', 'v'],
    ['1368-1644.', undefined],
    ['ill.ed.', 'ill.ed'],
    ['1a.b.', 'b'],
    ['黄仁宇著.', '黄仁宇著'],
  ])('%s → %s', (stopped, word) => {
    expect(lastWordBeforeStop(stopped)).toBe(word);
  });
});
