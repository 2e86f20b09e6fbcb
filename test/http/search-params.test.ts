import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../src/http/problem.ts';
import { parseSearchParams } from '../../src/http/search-params.ts';
import { testLibrary } from '../helpers/libraries.ts';

const libraries = [testLibrary('pku'), testLibrary('ccmu', { category: '医学类' }), testLibrary('cau', { category: '农学类' })];

function problem(params: Record<string, unknown>): ProblemError {
  try {
    parseSearchParams(params, libraries);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('parseSearchParams', () => {
  it('builds an AND of the given fields, all libraries by default', () => {
    const { query, libraries: chosen } = parseSearchParams({ title: 'The Cambridge History of China', author: 'Twitchett' }, libraries);
    expect(query).toEqual({
      kind: 'and',
      left: { kind: 'term', field: 'title', value: 'The Cambridge History of China', mode: 'words' },
      right: { kind: 'term', field: 'author', value: 'Twitchett', mode: 'words' },
    });
    expect(chosen.map((l) => l.id)).toEqual(['pku', 'ccmu', 'cau']);
  });

  it('reads quotes as a phrase, a trailing * as truncation, q as keyword, op=or', () => {
    const { query } = parseSearchParams({ q: '“万历十五年”', publisher: 'Cambridge*', op: 'or' }, libraries);
    expect(query).toEqual({
      kind: 'or',
      left: { kind: 'term', field: 'publisher', value: 'Cambridge', mode: 'words', truncation: 'right' },
      right: { kind: 'term', field: 'keyword', value: '万历十五年', mode: 'phrase' },
    });
  });

  it('compacts ISBNs and ISSNs and rejects malformed ones', () => {
    expect(parseSearchParams({ isbn: '978-0-521-24332-2' }, libraries).query).toMatchObject({ value: '9780521243322' });
    expect(parseSearchParams({ isbn: '7-108-00999-x' }, libraries).query).toMatchObject({ value: '710800999X' });
    expect(problem({ isbn: '12345' }).errors).toEqual([{ parameter: 'isbn', detail: expect.stringContaining('10 or 13 digits'), zh: expect.stringContaining('10 位或 13 位') }]);
    expect(problem({ issn: '1234' }).errors[0]?.parameter).toBe('issn');
  });

  it('parses years and year ranges, and rejects malformed or reversed ones', () => {
    const withYear = (year: string) => parseSearchParams({ title: 'China', year }, libraries).query;
    expect(withYear('1988')).toMatchObject({ right: { kind: 'yearRange', from: 1988, to: 1988 } });
    expect(withYear('1978-1991')).toMatchObject({ right: { kind: 'yearRange', from: 1978, to: 1991 } });
    expect(withYear('1990-')).toMatchObject({ right: { kind: 'yearRange', from: 1990 } });
    expect(withYear('-1990')).toMatchObject({ right: { kind: 'yearRange', to: 1990 } });
    expect(problem({ title: 'x', year: '19x8' }).errors[0]).toMatchObject({ parameter: 'year' });
    expect(problem({ title: 'x', year: '1991-1978' }).errors[0]?.detail).toContain('after its end');
    expect(problem({ year: '1988' }).errors[0]?.detail).toContain('too broad');
  });

  it('rejects an empty query, over-long terms, unknown parameters and repeated parameters', () => {
    expect(problem({}).errors[0]).toMatchObject({ parameter: 'q' });
    // Only spaces: nothing left after normalization, refused as too broad (not skipped).
    expect(problem({ title: '   ' }).errors[0]).toMatchObject({ parameter: 'title', detail: expect.stringContaining('too broad') });
    expect(problem({ title: 'x'.repeat(501) }).errors[0]).toMatchObject({ parameter: 'title', detail: 'longer than 500 characters' });
    expect(problem({ title: 'x', colour: 'red' }).errors[0]).toMatchObject({ parameter: 'colour' });
    expect(problem({ title: ['a', 'b'] }).errors[0]).toMatchObject({ parameter: 'title', detail: 'give this parameter once' });
    expect(problem({ title: '' }).status).toBe(400);
  });

  it('normalizes typed input: full-width digits, letters, hyphens and ideographic spaces (NFKC)', () => {
    expect(parseSearchParams({ isbn: '９７８－０－５２１－２４３３２－２' }, libraries).query).toMatchObject({ value: '9780521243322' });
    expect(parseSearchParams({ isbn: '978 0 521 24332 2' }, libraries).query).toMatchObject({ value: '9780521243322' });
    expect(parseSearchParams({ isbn: '978–0–521–24332–2' }, libraries).query).toMatchObject({ value: '9780521243322' });
    expect(parseSearchParams({ isbn: '978ー0ー521ー24332ー2' }, libraries).query).toMatchObject({ value: '9780521243322' });
    expect(parseSearchParams({ issn: '００２１－９１１８' }, libraries).query).toMatchObject({ value: '00219118' });
    expect(parseSearchParams({ title: 'ＵＮＩＸ　编程艺术' }, libraries).query).toMatchObject({ value: 'UNIX 编程艺术', mode: 'words' });
    expect(parseSearchParams({ title: 'China', year: '１９８８' }, libraries).query).toMatchObject({ right: { from: 1988, to: 1988 } });
  });

  it('searches an ISBN with a wrong check digit as typed and says so', () => {
    const selection = parseSearchParams({ isbn: '0521243320' }, libraries);
    expect(selection.query).toMatchObject({ field: 'isbn', value: '0521243320' });
    expect(selection.warnings).toEqual([{ parameter: 'isbn', message: 'isbn 0521243320: check digit should be 7', zh: 'ISBN 0521243320：校验位应为 7' }]);
    expect(parseSearchParams({ isbn: '0521243327' }, libraries).warnings).toEqual([]);
    expect(parseSearchParams({ isbn: '9780521243321' }, libraries).warnings[0]?.message).toBe('isbn 9780521243321: check digit should be 2');
  });

  it.each(['*', '?', '**', '"*"', '　', '－', '* *'])('refuses %j as too broad, like a year alone', (term) => {
    const errors = problem({ q: term }).errors;
    expect(errors).toEqual([{ parameter: 'q', detail: expect.stringContaining('too broad'), zh: expect.stringContaining('检索范围过大') }]);
  });

  it('selects libraries by id and by category, naming unknown ones', () => {
    expect(parseSearchParams({ title: 'x', libraries: 'pku,cau' }, libraries).libraries.map((l) => l.id)).toEqual(['pku', 'cau']);
    expect(parseSearchParams({ title: 'x', category: '医学类,农学类' }, libraries).libraries.map((l) => l.id)).toEqual(['ccmu', 'cau']);
    expect(problem({ title: 'x', libraries: 'pku,nope' }).errors[0]?.detail).toContain('nope');
    expect(problem({ title: 'x', category: '文学类' }).errors[0]).toMatchObject({ parameter: 'category' });
    expect(problem({ title: 'x', libraries: 'pku', category: '医学类' }).errors[0]?.detail).toContain('matches no library');
  });

  it('collects several problems in one answer', () => {
    expect(problem({ title: 'x'.repeat(600), year: 'soon', libraries: 'zz' }).errors.map((e) => e.parameter)).toEqual(['title', 'year', 'libraries']);
  });

  it('reads cql= with the gateway CQL parser (NOT included) and ANDs it with the field parameters', () => {
    expect(parseSearchParams({ cql: 'dc.title all "cambridge china" not dc.subject all japan' }, libraries).query).toEqual({
      kind: 'not',
      left: { kind: 'term', field: 'title', value: 'cambridge china', mode: 'words' },
      right: { kind: 'term', field: 'subject', value: 'japan', mode: 'words' },
    });
    expect(parseSearchParams({ author: 'Twitchett', cql: 'dc.title adj "Ming dynasty"' }, libraries).query).toEqual({
      kind: 'and',
      left: { kind: 'term', field: 'author', value: 'Twitchett', mode: 'words' },
      right: { kind: 'term', field: 'title', value: 'Ming dynasty', mode: 'phrase' },
    });
    // A year next to CQL is not "a year alone".
    expect(parseSearchParams({ year: '1988', cql: 'dc.title=china' }, libraries).query).toMatchObject({ kind: 'and', left: { kind: 'yearRange' } });
  });

  it('names cql in its errors: syntax, unsupported indexes, length', () => {
    expect(problem({ cql: 'dc.title = (' }).errors[0]).toMatchObject({ parameter: 'cql', detail: expect.stringContaining('position') });
    expect(problem({ cql: 'dc.colour = red' }).errors[0]).toMatchObject({ parameter: 'cql' });
    expect(problem({ cql: 'x'.repeat(2001) }).errors[0]).toMatchObject({ parameter: 'cql', detail: 'longer than 2000 characters' });
  });
});
