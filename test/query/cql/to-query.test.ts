import { describe, expect, it } from 'vitest';
import { ALL_RECORDS } from '../../../src/query/cql/all-records.ts';
import { CqlUnsupportedError } from '../../../src/query/cql/errors.ts';
import { DEFAULT_CQL_INDEX_MAP } from '../../../src/query/cql/index-map.ts';
import { parseCqlSearch, parseCqlToQuery, type CqlToQueryOptions } from '../../../src/query/cql/to-query.ts';
import { queryKey } from '../../../src/query/model.ts';

function key(query: string, options?: CqlToQueryOptions): string {
  return queryKey(parseCqlToQuery(query, options));
}

function unsupported(query: string, options?: CqlToQueryOptions): CqlUnsupportedError {
  try {
    parseCqlSearch(query, options);
  } catch (error) {
    if (error instanceof CqlUnsupportedError) return error;
    throw error;
  }
  throw new Error(`expected CqlUnsupportedError for ${query}`);
}

describe('cqlToQuery: indexes', () => {
  it.each([
    ['万历十五年', 'keyword="万历十五年"'],
    ['cql.serverChoice = 红楼梦', 'keyword="红楼梦"'],
    ['cql.anywhere = x', 'keyword="x"'],
    ['cql.allIndexes = x', 'keyword="x"'],
    ['dc.title = 呐喊', 'title="呐喊"'],
    ['DC.Title = x', 'title="x"'],
    ['dc.creator = 鲁迅', 'author="鲁迅"'],
    ['bath.name = x', 'author="x"'],
    ['bath.personalName = x', 'author="x"'],
    ['bath.corporateName = x', 'author="x"'],
    ['dc.subject = x', 'subject="x"'],
    ['bath.topicalSubject = x', 'subject="x"'],
    ['dc.publisher = 中华书局', 'publisher="中华书局"'],
    ['bath.isbn = 9787101003048', 'isbn="9787101003048"'],
    ['bath.issn = 0317-8471', 'issn="0317-8471"'],
    ['dc.identifier = 978-7-108-00982-1', 'isbn="978-7-108-00982-1"'],
    ['dc.identifier = 7532704648', 'isbn="7532704648"'],
    ['dc.identifier = 753270464X', 'isbn="753270464X"'],
    ['dc.identifier = 0317-8471', 'issn="0317-8471"'],
    ['dc.identifier = 0317847X', 'issn="0317847X"'],
    ['title = x', 'title="x"'],
    ['creator = x', 'author="x"'],
    ['isbn = 7532704648', 'isbn="7532704648"'],
    ['serverChoice = x', 'keyword="x"'],
  ])('%s → %s', (query, expected) => {
    expect(key(query)).toBe(expected);
  });

  it('resolves prefixes through prefix assignments, scoped ones included', () => {
    expect(key('>x="info:srw/cql-context-set/1/dc-v1.1" x.title=a')).toBe('title="a"');
    expect(key('>"http://zing.z3950.org/cql/bath/2.0/" isbn=7532704648')).toBe('isbn="7532704648"');
    expect(key('(>x="info:srw/cql-context-set/1/dc-v1.1" x.creator=a) and dc.title=b')).toBe('(author="a" and title="b")');
    expect(key('>c="info:srw/cql-context-set/1/cql-v1.1" c.serverChoice=a')).toBe('keyword="a"');
    expect(unsupported('(>x="info:srw/cql-context-set/1/dc-v1.1" x.title=a) and x.title=b').diagnostic).toBe(15);
  });

  it('takes a configured index map and context sets', () => {
    const options: CqlToQueryOptions = {
      indexMap: { ...DEFAULT_CQL_INDEX_MAP, 'alma.title': 'title', 'ndl.ndc': 'subject' },
      contextSets: { alma: 'http://alma.exlibrisgroup.com/cql' },
    };
    expect(key('alma.title = x', options)).toBe('title="x"');
    expect(key('ndl.ndc = 210', options)).toBe('subject="210"');
    expect(unsupported('alma.creator = x', options).details).toBe('alma.creator');
  });

  it('maps cql.allRecords to ALL_RECORDS and folds it inside booleans', () => {
    expect(parseCqlSearch('cql.allRecords = 1').query).toEqual(ALL_RECORDS);
    expect(parseCqlSearch('cql.allRecords = 1 or dc.title = x').query).toEqual(ALL_RECORDS);
    expect(key('cql.allRecords = 1 and dc.title = x')).toBe('title="x"');
    expect(key('dc.title = x and cql.allRecords = 1')).toBe('title="x"');
  });
});

describe('cqlToQuery: relations and terms', () => {
  it.each([
    ['dc.title = cat', 'title="cat"'],
    ['dc.title = "cat"', 'title=="cat"'],
    ['dc.title = "a b"', 'title=="a b"'],
    ['dc.title == "a b"', 'title=="a b"'],
    ['dc.title adj "a b"', 'title=="a b"'],
    ['dc.title all "a b"', 'title="a b"'],
    ['dc.title ALL "a b"', 'title="a b"'],
    ['dc.title any "a b c"', '((title="a" or title="b") or title="c")'],
    ['dc.title any cat', 'title="cat"'],
    ['dc.title any 中国\u3000歴史', '(title="中国" or title="歴史")'],
    ['dc.title cql.any "a b"', '(title="a" or title="b")'],
    ['dc.title = cambridg*', 'title="cambridg"*'],
    ['dc.title = "cambridge univ*"', 'title=="cambridge univ"*'],
    ['dc.title all "a b*"', 'title="a b"*'],
    ['dc.title all "cambridg* univ"', '(title="cambridg"* and title="univ")'],
    ['dc.title any "a* b"', '(title="a"* or title="b")'],
    ['dc.title = "a\\*b\\?c\\^"', 'title=="a*b?c^"'],
    ['dc.title = "say \\"hi\\" \\\\ bye"', 'title=="say \\"hi\\" \\\\ bye"'],
    ['dc.title = "a\\**"', 'title=="a*"*'],
    ['dc.title =/unmasked "c?t*"', 'title=="c?t*"'],
    ['dc.title =/ignoreCase/locale=zh/relevant/masked x', 'title="x"'],
    ['dc.title =/cql.ignoreAccents x', 'title="x"'],
    ['dc.title = "  padded  "', 'title=="padded"'],
    ['dc.title="中国　歴史"', 'title=="中国　歴史"'],
    ['a and dc.title <> x', '(keyword="a" not title="x")'],
    ['dc.title <> "x y" and a', '(keyword="a" not title=="x y")'],
  ])('%s → %s', (query, expected) => {
    expect(key(query)).toBe(expected);
  });

  it('puts right truncation on the node and keeps the value without the star', () => {
    expect(parseCqlToQuery('dc.title = 红楼*')).toEqual({ kind: 'term', field: 'title', value: '红楼', mode: 'words', truncation: 'right' });
    expect(parseCqlToQuery('dc.title = 红楼')).toEqual({ kind: 'term', field: 'title', value: '红楼', mode: 'words' });
  });

  it('keeps interior masking as characters or drops anchoring when configured', () => {
    expect(key('dc.title = "c?t*"', { masking: 'literal' })).toBe('title=="c?t"*');
    expect(key('dc.title = c*t', { masking: 'literal' })).toBe('title="c*t"');
    expect(key('dc.title = "^cat"', { anchoring: 'ignore' })).toBe('title=="cat"');
    expect(key('dc.title =/stem x', { ignoredRelationModifiers: ['stem'] })).toBe('title="x"');
  });
});

describe('cqlToQuery: years', () => {
  it.each([
    ['dc.date = 1988', 'year[1988..1988]'],
    ['dc.date == "1988"', 'year[1988..1988]'],
    ['dc.date >= 1980', 'year[1980..]'],
    ['dc.date > 1980', 'year[1981..]'],
    ['dc.date <= 1990', 'year[..1990]'],
    ['dc.date < 1990', 'year[..1989]'],
    ['dc.date within "1980 1990"', 'year[1980..1990]'],
    ['dc.date >= 1980 and dc.date <= 1990', 'year[1980..1990]'],
    ['dc.date <= 1990 and dc.date >= 1980', 'year[1980..1990]'],
    ['dc.date = 1980 and dc.date = 1990', '(year[1980..1980] and year[1990..1990])'],
    ['dc.title = x and dc.date <> 1988', '(title="x" not year[1988..1988])'],
  ])('%s → %s', (query, expected) => {
    expect(key(query)).toBe(expected);
  });
});

describe('cqlToQuery: booleans', () => {
  it.each([
    ['a and b', '(keyword="a" and keyword="b")'],
    ['a OR b', '(keyword="a" or keyword="b")'],
    ['a not b', '(keyword="a" not keyword="b")'],
    ['a or b and c', '((keyword="a" or keyword="b") and keyword="c")'],
    ['a or (b and c)', '(keyword="a" or (keyword="b" and keyword="c"))'],
  ])('%s → %s', (query, expected) => {
    expect(key(query)).toBe(expected);
  });
});

describe('cqlToQuery: diagnostics', () => {
  it.each([
    ['foo.title = x', 15, 'foo'],
    ['>x="http://example.org/unknown" x.title = x', 15, 'http://example.org/unknown'],
    ['>"http://example.org/unknown" title = x', 15, 'http://example.org/unknown'],
    ['dc.rights = x', 16, 'dc.rights'],
    ['rec.id = 1', 16, 'rec.id'],
    ['nosuchindex = x', 16, 'nosuchindex'],
    ['dc.title encloses x', 19, 'encloses'],
    ['dc.title within "a b"', 19, 'within'],
    ['dc.title < x', 19, '<'],
    ['dc.title dc.any x', 19, 'dc.any'],
    ['dc.title <> x', 19, '<>'],
    ['a or dc.title <> x', 19, '<>'],
    ['dc.title <> x and dc.title <> y', 19, '<>'],
    ['a not dc.title <> x', 19, '<>'],
    ['cql.allRecords <> 1', 19, '<>'],
    ['dc.date any "1980 1990"', 19, 'any'],
    ['dc.title =/stem x', 20, 'stem'],
    ['dc.title =/dc.stem x', 20, 'dc.stem'],
    ['dc.title = ""', 27, ''],
    ['dc.title = "   "', 27, '   '],
    ['dc.title any ""', 27, ''],
    ['dc.title = c?t', 28, 'c?t'],
    ['dc.title = c*t', 28, 'c*t'],
    ['dc.title = "cambridg* univ"', 28, 'cambridg* univ'],
    ['dc.title = "*"', 27, '*'],
    ['dc.title = "cat *"', 29, 'cat *'],
    ['dc.title = ^cat', 31, '^cat'],
    ['dc.title = "cat^"', 31, 'cat^'],
    ['dc.date = 198x', 36, '198x'],
    ['dc.date = 198*', 36, '198*'],
    ['dc.date within "1990 1980"', 36, '1990 1980'],
    ['dc.date within "1990"', 36, '1990'],
    ['dc.identifier = abc', 36, 'abc'],
    ['a prox b', 37, 'prox'],
    ['a prox/unit=word/distance<=3 b', 37, 'prox'],
    ['a and/foo=bar b', 46, 'foo'],
    ['cql.allRecords = 1 not a', 48, 'cql.allRecords'],
    ['a not cql.allRecords = 1', 48, 'cql.allRecords'],
  ])('%s → %i (%s)', (query, diagnostic, details) => {
    const error = unsupported(query);
    expect(error.diagnostic).toBe(diagnostic);
    expect(error.details).toBe(details);
    expect(error.toDiagnostic()).toMatchObject({ source: 'srw', code: String(diagnostic), uri: `info:srw/diagnostic/1/${diagnostic}` });
  });

  it('refuses a query that means all records where only a QueryNode can be run', () => {
    let caught: unknown;
    try {
      parseCqlToQuery('cql.allRecords = 1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CqlUnsupportedError);
    expect(caught).toMatchObject({ diagnostic: 16, details: 'cql.allRecords' });
  });
});

describe('cqlToSearch: sort keys', () => {
  it('exposes sortBy keys with fields resolved through the index map', () => {
    const { sortKeys } = parseCqlSearch(
      'a sortBy dc.date/sort.descending title/respectCase/sort.missingLow dc.creator/sort.missingValue="zz" rec.id/ignoreCase',
    );
    expect(sortKeys).toEqual([
      { index: 'dc.date', field: 'year', direction: 'descending' },
      { index: 'title', field: 'title', direction: 'ascending', caseSensitive: true, missing: 'low' },
      { index: 'dc.creator', field: 'author', direction: 'ascending', missing: { value: 'zz' } },
      { index: 'rec.id', direction: 'ascending', caseSensitive: false },
    ]);
  });

  it('resolves sort indexes through prefix assignments', () => {
    expect(parseCqlSearch('>x="info:srw/cql-context-set/1/dc-v1.1" a sortBy x.title').sortKeys).toEqual([
      { index: 'x.title', field: 'title', direction: 'ascending' },
    ]);
  });

  it('has no sort keys without sortBy', () => {
    expect(parseCqlSearch('a').sortKeys).toEqual([]);
  });
});
