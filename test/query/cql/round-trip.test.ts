/**
 * parse(serialize(q)) → toQuery gives back q, on generated queries.
 * Generation rules keep to what the model means unambiguously: values are
 * trimmed and non-empty, years are YearRangeNodes (a `year` TermNode comes
 * back as a range), and one-sided ranges are from-only so that an `and` of
 * two of them is never merged into one range.
 */
import { describe, expect, it } from 'vitest';
import { ALL_RECORDS } from '../../../src/query/cql/all-records.ts';
import { DEFAULT_CQL_INDEX_MAP } from '../../../src/query/cql/index-map.ts';
import { serializeCql, type CqlTargetProfile } from '../../../src/query/cql/serialize.ts';
import { parseCqlSearch, parseCqlToQuery, type CqlToQueryOptions } from '../../../src/query/cql/to-query.ts';
import type { QueryNode, SearchField, TermNode, YearRangeNode } from '../../../src/query/model.ts';

const VALUES = [
  '红楼梦',
  '万历十五年',
  '中国の歴史',
  '中国\u3000歴史',
  'dream of the red chamber',
  'cambridge',
  'say "hi"',
  'back\\slash',
  'C:\\temp\\"x"',
  '50% *off*',
  'what?',
  '^anchored^',
  'a=b <c> (d) /e/',
  'and',
  'sortby',
  'or not prox',
  "l'école",
  '9787101003048',
  '0317-8471',
  'Ærø',
  '\u{20BB7}野家',
  'tab\there',
];

const TEXT_FIELDS: SearchField[] = ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword'];

/** Small deterministic PRNG (mulberry32) so failures are reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

function generate(next: () => number, depth: number): QueryNode {
  const roll = next();
  if (depth > 0 && roll < 0.45) {
    return { kind: pick(next, ['and', 'or', 'not'] as const), left: generate(next, depth - 1), right: generate(next, depth - 1) };
  }
  if (roll < 0.55) {
    const from = 1900 + Math.floor(next() * 120);
    const shape = pick(next, ['equal', 'from', 'range'] as const);
    if (shape === 'equal') return { kind: 'yearRange', from, to: from };
    if (shape === 'from') return { kind: 'yearRange', from };
    const range: YearRangeNode = { kind: 'yearRange', from, to: from + 1 + Math.floor(next() * 30) };
    return range;
  }
  const node: TermNode = { kind: 'term', field: pick(next, TEXT_FIELDS), value: pick(next, VALUES), mode: pick(next, ['words', 'phrase'] as const) };
  if (next() < 0.3) node.truncation = 'right';
  return node;
}

function generated(seed: number, count: number): QueryNode[] {
  const next = random(seed);
  return Array.from({ length: count }, () => generate(next, 3));
}

const CASES: [string, CqlTargetProfile, CqlToQueryOptions][] = [
  ['default profile', {}, {}],
  ['adj phrases, within ranges', { phraseRelation: 'adj', yearRange: 'within' }, {}],
  ['== phrases', { phraseRelation: '==' }, {}],
  ['unprefixed dc names (NDL style)', { indexes: { title: 'title', author: 'creator', subject: 'subject', publisher: 'publisher' } }, {}],
  [
    'vendor names with a matching index map',
    { indexes: { title: 'Title', author: 'Author', keyword: 'any', isbn: 'ISBN', issn: 'ISSN', publisher: 'Publisher', subject: 'Subject-heading', year: 'Date' } },
    {
      indexMap: {
        ...DEFAULT_CQL_INDEX_MAP,
        title: 'title',
        author: 'author',
        any: 'keyword',
        isbn: 'isbn',
        issn: 'issn',
        publisher: 'publisher',
        'subject-heading': 'subject',
        date: 'year',
      },
    },
  ],
];

describe('round trip: parse(serialize(q)) → toQuery = q', () => {
  it.each(CASES)('%s, 300 generated queries', (_name, profile, options) => {
    for (const query of generated(20250101, 300)) {
      const cql = serializeCql(query, profile);
      expect({ cql, query: parseCqlToQuery(cql, options) }).toEqual({ cql, query });
    }
  });

  it('round-trips cql.allRecords and sort keys', () => {
    const sortKeys = [
      { index: 'dc.date', field: 'year' as const, direction: 'descending' as const },
      { index: 'dc.title', field: 'title' as const, direction: 'ascending' as const, caseSensitive: true, missing: { value: 'zz' } },
    ];
    expect(parseCqlSearch(serializeCql(ALL_RECORDS, {}, sortKeys))).toEqual({ query: ALL_RECORDS, sortKeys });
  });
});
