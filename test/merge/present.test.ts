/** Ranking, sorting, facets and filters over merged clusters. */
import { describe, expect, it } from 'vitest';
import { computeFacets } from '../../src/merge/facets.ts';
import { applyFilters } from '../../src/resultsets/filters.ts';
import { mergeAll } from '../../src/merge/merger.ts';
import { rankClusters } from '../../src/merge/rank.ts';
import { sortClusters } from '../../src/merge/sort.ts';
import type { Cluster } from '../../src/merge/types.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { testLibrary } from '../helpers/libraries.ts';
import { bib, holding, person, rng } from '../../corpora/merge/records.ts';

const eligible = (library: string) => ({ ...holding(library, rng(1)), status: 'available' as const, ill: { eligible: true, reasons: [] } });
const onLoan = (library: string) => ({ ...holding(library, rng(2)), status: 'on_loan' as const, ill: { eligible: false, reasons: [] } });

const records: BibRecord[] = [
  bib({ id: 'shl:1', library: 'shl', title: 'The Cambridge history of China', sortTitle: 'Cambridge history of China', authors: [person('Twitchett, Denis Crispin.')], year: 1978, languages: ['eng'], languageNames: ['英文'], subjects: ['China -- History'], holdings: [eligible('shl')] }),
  bib({ id: 'pku:2', library: 'pku', title: 'The Cambridge history of ancient China', authors: [person('Loewe, Michael.')], year: 1999, languages: ['eng'], languageNames: ['英文'], holdings: [onLoan('pku')] }),
  bib({ id: 'ruc:3', library: 'ruc', title: '万历十五年', authors: [person('黄仁宇')], year: 1982, languages: ['chi'], languageNames: ['中文'], holdings: [onLoan('ruc')] }),
  bib({ id: 'ccmu:4', library: 'ccmu', title: 'A history of Chinese medicine', authors: [person('Unschuld, Paul U.')], year: 1985, languages: ['eng'], languageNames: ['英文'], subjects: ['Medicine, Chinese -- History'], holdings: [eligible('ccmu')] }),
  bib({ id: 'thu:5', library: 'thu', title: 'Chinese studies', materialType: '期刊', languages: ['eng'], languageNames: ['英文'] }),
];
const clusters = mergeAll(records);
const first = (list: readonly Cluster[]) => list.map((c) => c.merged.recordIds[0]);
const term = (field: 'title' | 'keyword' | 'author', value: string): QueryNode => ({ kind: 'term', field, value, mode: 'words' });
const libraries = [testLibrary('shl', { category: '其他类', name: { zh: '上海图书馆', en: 'Shanghai Library' } }), testLibrary('pku'), testLibrary('ruc'), testLibrary('thu', { category: '理工类' }), testLibrary('ccmu', { category: '医学类' })];

describe('rankClusters', () => {
  it('puts the exact title first, then title matches above subject or author matches', () => {
    const ranked = rankClusters(clusters, term('keyword', 'Cambridge history of China'));
    expect(first(ranked).slice(0, 2)).toEqual(['shl:1', 'pku:2']);
    const history = rankClusters(clusters, term('keyword', 'history'), { illBoost: 0 });
    expect((history.find((c) => c.merged.recordIds[0] === 'ccmu:4')?.score ?? 0)).toBeGreaterThan(0);
    expect(history.at(-1)?.score).toBe(0);
  });

  it('matches CJK by character bigrams and across Traditional/Simplified', () => {
    const ranked = rankClusters(clusters, term('title', '萬曆十五'));
    expect(first(ranked)[0]).toBe('ruc:3');
    expect(ranked[0]?.score).toBeGreaterThan(0);
  });

  it('boosts clusters with an ILL-eligible copy by the configured factor', () => {
    const plain = rankClusters(clusters, term('keyword', 'Cambridge history'), { illBoost: 0 });
    const boosted = rankClusters(clusters, term('keyword', 'Cambridge history'), { illBoost: 0.5 });
    const score = (list: Cluster[], id: string) => list.find((c) => c.merged.recordIds[0] === id)?.score ?? 0;
    expect(score(boosted, 'shl:1')).toBeCloseTo(score(plain, 'shl:1') * 1.5, 2);
    expect(score(boosted, 'pku:2')).toBe(score(plain, 'pku:2'));
  });

  it('ignores terms under NOT', () => {
    const query: QueryNode = { kind: 'not', left: term('title', 'China'), right: term('title', 'medicine') };
    expect(rankClusters(clusters, query).find((c) => c.merged.recordIds[0] === 'ccmu:4')?.score).toBe(0);
  });
});

describe('sortClusters', () => {
  it('sorts titles without non-sort parts and articles, years both ways with undated last', () => {
    // Chinese collation: 汉字 (by pinyin) before Latin; "The"/"A" are not sorted on.
    expect(first(sortClusters(clusters, { field: 'title' }))).toEqual(['ruc:3', 'pku:2', 'shl:1', 'thu:5', 'ccmu:4']);
    expect(first(sortClusters(clusters, { field: 'title', direction: 'desc' }))).toEqual(['ccmu:4', 'thu:5', 'shl:1', 'pku:2', 'ruc:3']);
    expect(first(sortClusters(clusters, { field: 'year', direction: 'asc' }))).toEqual(['shl:1', 'ruc:3', 'ccmu:4', 'pku:2', 'thu:5']);
    expect(first(sortClusters(clusters, { field: 'year', direction: 'desc' }))).toEqual(['pku:2', 'ccmu:4', 'ruc:3', 'shl:1', 'thu:5']);
    expect(first(sortClusters(clusters, { field: 'author' }))).toEqual(['ruc:3', 'pku:2', 'shl:1', 'ccmu:4', 'thu:5']);
  });

  it('sorts by relevance score', () => {
    const ranked = rankClusters(clusters, term('keyword', 'Chinese'));
    expect(first(sortClusters(ranked, { field: 'relevance' }))).toEqual(first(ranked));
  });
});

describe('computeFacets and applyFilters', () => {
  it('counts clusters per library, category, language, decade, material type and availability', () => {
    const facets = computeFacets(clusters, libraries);
    expect(facets.library.find((f) => f.value === 'shl')).toEqual({ value: 'shl', label: '上海图书馆', count: 1 });
    expect(facets.category.find((f) => f.value === '其他类')?.count).toBe(3);
    expect(facets.category.find((f) => f.value === '医学类')?.count).toBe(1);
    expect(facets.language.map((f) => [f.value, f.label, f.count])).toEqual([['eng', '英文', 4], ['chi', '中文', 1]]);
    expect(facets.decade.map((f) => [f.value, f.count])).toEqual([['1990-1999', 1], ['1980-1989', 2], ['1970-1979', 1], ['unknown', 1]]);
    expect(facets.materialType.map((f) => [f.value, f.count])).toEqual([['图书', 4], ['期刊', 1]]);
    expect(facets.availability).toEqual([
      { value: 'eligible', label: '可馆际互借', count: 2 },
      { value: 'available', label: '在架', count: 2 },
      { value: 'any', label: '全部', count: 5 },
    ]);
  });

  it('filters in memory: OR within a filter, AND across filters, availability within the chosen libraries', () => {
    expect(first(applyFilters(clusters, { availability: 'eligible' })).sort()).toEqual(['ccmu:4', 'shl:1']);
    expect(first(applyFilters(clusters, { categories: ['医学类', '理工类'] }, libraries)).sort()).toEqual(['ccmu:4', 'thu:5']);
    expect(first(applyFilters(clusters, { libraries: ['pku', 'shl'], availability: 'eligible' }))).toEqual(['shl:1']);
    expect(first(applyFilters(clusters, { decades: ['1980-1989'], languages: ['eng'] }))).toEqual(['ccmu:4']);
    expect(first(applyFilters(clusters, { years: [{ to: 1980 }, { from: 1995 }] })).sort()).toEqual(['pku:2', 'shl:1']);
    expect(first(applyFilters(clusters, { materialTypes: ['期刊'] }))).toEqual(['thu:5']);
    expect(() => applyFilters(clusters, { categories: ['医学类'] })).toThrow(/library configuration/);
  });

  it('has the SRU post-filters in the same semantics: exclusion, not-eligible, and a list of filters is a conjunction', () => {
    const all = first(clusters).sort();
    const eligible = first(applyFilters(clusters, { availability: 'eligible' }));
    expect(first(applyFilters(clusters, { availability: 'not-eligible' })).sort()).toEqual(all.filter((id) => !eligible.includes(id)));
    const english = first(applyFilters(clusters, { languages: ['eng'] }));
    expect(first(applyFilters(clusters, { excludeLanguages: ['eng'] })).sort()).toEqual(all.filter((id) => !english.includes(id)));
    expect(first(applyFilters(clusters, [{ languages: ['eng'] }, { availability: 'eligible' }])).sort()).toEqual(english.filter((id) => eligible.includes(id)).sort());
    expect(first(applyFilters(clusters, []))).toEqual(first(clusters));
  });
});
