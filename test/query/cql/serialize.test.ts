import { describe, expect, it } from 'vitest';
import { ALL_RECORDS } from '../../../src/query/cql/all-records.ts';
import { CqlUnsupportedError } from '../../../src/query/cql/errors.ts';
import { serializeCql, serializeCqlSortBy } from '../../../src/query/cql/serialize.ts';
import { and, type QueryNode, type TermNode } from '../../../src/query/model.ts';

const term = (field: TermNode['field'], value: string, mode: TermNode['mode'] = 'words', truncation = false): TermNode =>
  truncation ? { kind: 'term', field, value, mode, truncation: 'right' } : { kind: 'term', field, value, mode };

describe('serializeCql with the default profile', () => {
  it.each<[string, QueryNode, string]>([
    ['words', term('title', '红楼梦'), 'dc.title all "红楼梦"'],
    ['multi-word words', term('title', 'dream red chamber'), 'dc.title all "dream red chamber"'],
    ['phrase', term('title', '中国の歴史', 'phrase'), 'dc.title="中国の歴史"'],
    ['author', term('author', '曹雪芹'), 'dc.creator all "曹雪芹"'],
    ['publisher', term('publisher', '中华书局'), 'dc.publisher all "中华书局"'],
    ['subject', term('subject', 'history'), 'dc.subject all "history"'],
    ['keyword', term('keyword', '万历十五年'), 'cql.serverChoice all "万历十五年"'],
    ['isbn', term('isbn', '9787101003048'), 'bath.isbn all "9787101003048"'],
    ['issn', term('issn', '0317-8471'), 'bath.issn all "0317-8471"'],
    ['year term', term('year', '1988'), 'dc.date="1988"'],
    ['truncation', term('title', 'cambridg', 'words', true), 'dc.title all "cambridg*"'],
    ['escapes', term('title', 'say "hi" \\ *?^'), 'dc.title all "say \\"hi\\" \\\\ \\*\\?\\^"'],
    ['full-width space kept', term('title', '中国\u3000歴史', 'phrase'), 'dc.title="中国\u3000歴史"'],
    ['year equal', { kind: 'yearRange', from: 1988, to: 1988 }, 'dc.date="1988"'],
    ['year from', { kind: 'yearRange', from: 1980 }, 'dc.date>="1980"'],
    ['year to', { kind: 'yearRange', to: 1990 }, 'dc.date<="1990"'],
    ['year range', { kind: 'yearRange', from: 1980, to: 1990 }, 'dc.date>="1980" and dc.date<="1990"'],
    ['and', and(term('title', 'a'), term('author', 'b')), 'dc.title all "a" and dc.creator all "b"'],
    [
      'nested booleans are parenthesized',
      { kind: 'or', left: and(term('title', 'a'), term('title', 'b')), right: { kind: 'not', left: term('keyword', 'c'), right: term('keyword', 'd') } },
      '(dc.title all "a" and dc.title all "b") or (cql.serverChoice all "c" not cql.serverChoice all "d")',
    ],
    [
      'a year range inside a boolean is parenthesized',
      and(term('title', 'x'), { kind: 'yearRange', from: 1980, to: 1990 }),
      'dc.title all "x" and (dc.date>="1980" and dc.date<="1990")',
    ],
  ])('%s', (_name, query, expected) => {
    expect(serializeCql(query)).toBe(expected);
  });

  it('writes cql.allRecords', () => {
    expect(serializeCql(ALL_RECORDS)).toBe('cql.allRecords="1"');
    expect(serializeCql(ALL_RECORDS, { allRecordsIndex: 'cql.allIndexes' })).toBe('cql.allIndexes="1"');
  });

  it('refuses a year range without bounds', () => {
    expect(() => serializeCql({ kind: 'yearRange' })).toThrow(RangeError);
  });
});

describe('serializeCql with a target profile', () => {
  it('uses the target index names, quoting ones that need it', () => {
    const profile = { indexes: { title: 'title', author: 'creator', keyword: 'any', year: 'Date of publication' } };
    expect(serializeCql(and(term('title', 'a'), term('author', 'b')), profile)).toBe('title all "a" and creator all "b"');
    expect(serializeCql(term('keyword', 'x', 'phrase'), profile)).toBe('any="x"');
    expect(serializeCql({ kind: 'yearRange', from: 1980 }, profile)).toBe('"Date of publication">="1980"');
  });

  it('uses the configured relations and year style', () => {
    expect(serializeCql(term('title', 'a b'), { wordsRelation: '=' })).toBe('dc.title="a b"');
    expect(serializeCql(term('title', 'a b', 'phrase'), { phraseRelation: 'adj' })).toBe('dc.title adj "a b"');
    expect(serializeCql(term('title', 'a b', 'phrase'), { phraseRelation: '==' })).toBe('dc.title=="a b"');
    expect(serializeCql({ kind: 'yearRange', from: 1980, to: 1990 }, { yearRange: 'within' })).toBe('dc.date within "1980 1990"');
  });

  it('refuses a field the target has no index for with diagnostic 16', () => {
    let caught: unknown;
    try {
      serializeCql(term('publisher', 'x'), { indexes: { publisher: null } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CqlUnsupportedError);
    expect(caught).toMatchObject({ diagnostic: 16, details: 'publisher' });
  });
});

describe('serializeCqlSortBy', () => {
  it('writes sort keys with sort-set modifiers', () => {
    expect(
      serializeCqlSortBy([
        { index: 'dc.date', field: 'year', direction: 'descending' },
        { index: 'x', field: 'title', direction: 'ascending', caseSensitive: true, missing: 'low' },
        { index: 'rec.id', direction: 'ascending', missing: { value: 'n "a"' } },
      ]),
    ).toBe('sortBy dc.date/sort.descending dc.title/sort.respectCase/sort.missingLow rec.id/sort.missingValue="n \\"a\\""');
  });

  it('is appended by serializeCql', () => {
    expect(serializeCql(term('title', 'a'), {}, [{ index: 'dc.date', direction: 'ascending' }])).toBe('dc.title all "a" sortBy dc.date');
  });
});
