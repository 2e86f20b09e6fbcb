/** The query model as iPac index/term pairs: what can be sent, what is narrowed with a warning, what is refused. */
import { describe, expect, it } from 'vitest';
import { inYears, toIpacQuery } from '../../../adapters/ipac/query.ts';
import { ipacSettingsSchema } from '../../../adapters/ipac/settings.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode, TermNode } from '../../../src/query/model.ts';
import { searchParams } from '../../../adapters/ipac/url.ts';

const settings = (extra: Record<string, unknown> = {}) => ipacSettingsSchema.parse({ url: 'http://ipac.test/ipac20/ipac.jsp', ...extra });
const t = (field: TermNode['field'], value: string, extra: Partial<TermNode> = {}): TermNode => ({ kind: 'term', field, value, mode: 'words', ...extra });
const and = (left: QueryNode, right: QueryNode): QueryNode => ({ kind: 'and', left, right });
const or = (left: QueryNode, right: QueryNode): QueryNode => ({ kind: 'or', left, right });
const not = (left: QueryNode, right: QueryNode): QueryNode => ({ kind: 'not', left, right });

function refused(query: QueryNode, extra: Record<string, unknown> = {}): TargetError {
  try {
    toIpacQuery(query, settings(extra));
  } catch (error) {
    if (error instanceof TargetError) return error;
    throw error;
  }
  throw new Error('expected the query to be refused');
}

describe('toIpacQuery', () => {
  it('maps fields to the SHL index codes', () => {
    const fields: [TermNode['field'], string][] = [['title', '.TW'], ['author', '.AW'], ['subject', '.SW'], ['publisher', '.PW'], ['isbn', 'ISBN'], ['issn', 'ISSN'], ['keyword', '.GW']];
    for (const [field, index] of fields) expect(toIpacQuery(t(field, 'x'), settings()).criteria).toEqual([{ index, term: 'x' }]);
  });

  it('uses the library index map over the defaults, and refuses a field mapped to null', () => {
    expect(toIpacQuery(t('keyword', 'x'), settings({ indexes: { keyword: '.GK' } })).criteria[0]?.index).toBe('.GK');
    expect(refused(t('publisher', 'x'), { indexes: { publisher: null } }).diagnostic).toMatchObject({ code: 'unsupported-query', message: 'this OPAC has no publisher index' });
  });

  it('sends title AND author as a power search of two pairs (the SHL scraper URL)', () => {
    const q = toIpacQuery(and(t('title', '黄金时代'), t('author', '王小波')), settings());
    expect(q.criteria).toEqual([{ index: '.TW', term: '黄金时代' }, { index: '.AW', term: '王小波', oper: 'and' }]);
    const params = searchParams({ criteria: q.criteria, profile: 'sl', page: 1, pageSize: 20, xml: true });
    expect(params).toContainEqual(['aspect', 'power']);
    expect(params.filter(([k]) => k === 'index').map(([, v]) => v)).toEqual(['.TW', '.AW']);
  });

  it('puts an ISBN pair last in an AND chain, with hyphens removed', () => {
    const q = toIpacQuery(and(t('isbn', '978-7-115-16362-2'), t('title', '修改代码的艺术')), settings());
    expect(q.criteria).toEqual([{ index: '.TW', term: '修改代码的艺术' }, { index: 'ISBN', term: '9787115163622', oper: 'and' }]);
  });

  it('sends OR across fields as a left-to-right chain, and a term AND a group by commuting', () => {
    expect(toIpacQuery(or(t('title', 'a'), t('author', 'b')), settings()).criteria).toEqual([{ index: '.TW', term: 'a' }, { index: '.AW', term: 'b', oper: 'or' }]);
    expect(toIpacQuery(and(t('title', 'a'), or(t('author', 'b'), t('author', 'c'))), settings()).criteria).toEqual([
      { index: '.AW', term: 'b' },
      { index: '.AW', term: 'c', oper: 'or' },
      { index: '.TW', term: 'a', oper: 'and' },
    ]);
  });

  it('refuses what HIP cannot express or the site does not offer', () => {
    expect(refused(and(or(t('title', 'a'), t('title', 'b')), or(t('author', 'c'), t('author', 'd')))).diagnostic.message).toContain('left to right only');
    expect(refused(not(t('title', 'a'), t('author', 'b'))).diagnostic.message).toBe('this OPAC does not combine search terms with NOT');
    expect(toIpacQuery(not(t('title', 'a'), t('author', 'b')), settings({ operators: ['and', 'or', 'not'] })).criteria[1]).toEqual({ index: '.AW', term: 'b', oper: 'not' });
    expect(refused(or(t('title', 'a'), t('author', 'b')), { operators: ['and'] }).diagnostic.message).toContain('with OR');
    expect(refused(and(and(t('title', 'a'), t('author', 'b')), and(t('subject', 'c'), t('publisher', 'd')))).diagnostic.message).toContain('at most 3');
    expect(refused({ kind: 'yearRange', from: 1988, to: 1988 }).diagnostic.message).toBe('this OPAC cannot search by year alone');
    expect(refused(or(t('title', 'a'), { kind: 'yearRange', from: 1988 })).diagnostic.message).toContain('inside OR or NOT');
  });

  it('narrows a top-level year limit to the returned records, with a warning', () => {
    const q = toIpacQuery(and(t('title', 'history'), and({ kind: 'yearRange', from: 1978 }, { kind: 'yearRange', to: 1990 })), settings());
    expect(q.criteria).toEqual([{ index: '.TW', term: 'history' }]);
    expect(q.years).toEqual({ from: 1978, to: 1990 });
    expect(q.warnings.map((w) => w.code)).toEqual(['year-filtered-locally']);
    expect([1977, 1978, 1990, 1991, undefined].map((y) => inYears(y, q.years))).toEqual([false, true, true, false, true]);
  });

  it('warns once when phrases are searched as words and truncation has no mark', () => {
    const q = toIpacQuery(and(t('title', 'cambridge history', { mode: 'phrase' }), t('author', 'fairb', { truncation: 'right', mode: 'phrase' })), settings());
    expect(q.warnings.map((w) => w.code)).toEqual(['phrase-as-words', 'truncation-dropped']);
    expect(toIpacQuery(t('author', 'fairb', { truncation: 'right' }), settings({ truncationMark: '?' })).criteria[0]?.term).toBe('fairb?');
  });
});
