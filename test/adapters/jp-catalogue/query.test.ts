import { describe, expect, it } from 'vitest';
import { searchQueryString, toCriteria } from '../../../adapters/jp-catalogue/query.ts';
import { jpCatalogueSettingsSchema } from '../../../adapters/jp-catalogue/settings.ts';
import { parseForm } from '../../../src/adapter-api/form.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';

const settings = jpCatalogueSettingsSchema.parse({ url: 'http://jp.example/jpcat/' });
const t = (field: 'title' | 'author' | 'publisher' | 'issn' | 'keyword', value: string): QueryNode => ({ kind: 'term', field, value, mode: 'words' });

describe('query model → the Japanese catalogue forms', () => {
  it('uses basic search for one criterion', () => {
    const qs = searchQueryString(toCriteria(t('title', '中国の歴史'), settings), 1, 20, 'utf-8');
    expect(parseForm(qs, 'utf-8')).toEqual([['mode', 'basic'], ['field', 'title'], ['term', '中国の歴史'], ['start', '1'], ['rows', '20']]);
  });

  it('lays AND / OR / NOT out as advanced-search rows read left to right', () => {
    const query: QueryNode = { kind: 'not', left: { kind: 'or', left: t('title', '中国'), right: t('title', '日本') }, right: t('author', '陳舜臣') };
    const qs = searchQueryString(toCriteria(query, settings), 21, 10, 'utf-8');
    expect(parseForm(qs, 'utf-8')).toEqual([
      ['mode', 'advanced'], ['f1', 'title'], ['q1', '中国'], ['op2', 'OR'], ['f2', 'title'], ['q2', '日本'], ['op3', 'NOT'], ['f3', 'author'], ['q3', '陳舜臣'], ['start', '21'], ['rows', '10'],
    ]);
  });

  it('commutes AND/OR so a term on the left still makes a chain', () => {
    const query: QueryNode = { kind: 'and', left: t('author', '司馬遼太郎'), right: { kind: 'or', left: t('title', '街道'), right: t('title', '坂') } };
    expect(toCriteria(query, settings)).toEqual([
      { field: 'title', term: '街道' },
      { field: 'title', term: '坂', op: 'OR' },
      { field: 'author', term: '司馬遼太郎', op: 'AND' },
    ]);
  });

  it('writes phrases quoted, truncation with *, years and year ranges', () => {
    const query: QueryNode = {
      kind: 'and',
      left: { kind: 'and', left: { kind: 'term', field: 'title', value: '中国 歴史', mode: 'phrase' }, right: { kind: 'term', field: 'publisher', value: '講談', mode: 'words', truncation: 'right' } },
      right: { kind: 'yearRange', from: 1990 },
    };
    expect(toCriteria(query, settings).map((c) => c.term)).toEqual(['"中国 歴史"', '講談*', '1990-']);
    expect(toCriteria({ kind: 'yearRange', from: 2001, to: 2001 }, settings)).toEqual([{ field: 'year', term: '2001' }]);
  });

  it('encodes terms in the configured query charset, Simplified forms in their JIS form', () => {
    const qs = searchQueryString(toCriteria(t('title', '图书馆'), settings), 1, 5, 'shift_jis');
    // 图 is not in JIS X 0208: it goes out as 圖 (Shift_JIS 9A A4), 书→書, 馆→館.
    expect(qs).toContain('term=%9A%A4%8F%91%8A%D9');
    expect(parseForm(qs, 'shift_jis')).toContainEqual(['term', '圖書館']);
  });

  it('reports what the forms cannot say', () => {
    const nested: QueryNode = { kind: 'or', left: { kind: 'and', left: t('title', 'a'), right: t('title', 'b') }, right: { kind: 'and', left: t('title', 'c'), right: t('title', 'd') } };
    for (const query of [nested, t('issn', '1234-5678'), { kind: 'not', left: t('title', 'a'), right: { kind: 'or', left: t('title', 'b'), right: t('title', 'c') } } as QueryNode]) {
      expect(() => toCriteria(query, settings)).toThrow(TargetError);
    }
    const six = [1, 2, 3, 4, 5].reduce<QueryNode>((left, i) => ({ kind: 'and', left, right: t('title', String(i)) }), t('title', '0'));
    expect(() => toCriteria(six, settings)).toThrow(/5 rows; the query needs 6/);
  });
});
