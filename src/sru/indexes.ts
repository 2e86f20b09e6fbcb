/**
 * The indexes the endpoint supports: one table drives the CQL translation (index map),
 * the post-filters and the explain record, so what explain promises is what the search does.
 */
import type { CqlIndexMap, CqlIndexTarget } from '../query/cql/index-map.ts';
import { DEFAULT_CONTEXT_SETS } from '../query/cql/context-sets.ts';

/**
 * Our context set for ILL availability. `x` marks an unregistered (experimental) authority
 * in the info:srw/cql-context-set namespace; the name and version identify BALIS ILL.
 */
const ILL_CONTEXT_SET = 'info:srw/cql-context-set/x/balis-ill-v1';

export const CONTEXT_SETS: Readonly<Record<string, string>> = {
  cql: DEFAULT_CONTEXT_SETS.cql as string,
  dc: DEFAULT_CONTEXT_SETS.dc as string,
  bath: DEFAULT_CONTEXT_SETS.bath as string,
  ill: ILL_CONTEXT_SET,
};

const TEXT_RELATIONS = ['=', '==', 'adj', 'all', 'any', '<>'];
const DATE_RELATIONS = ['=', '==', '<', '>', '<=', '>=', 'within', '<>'];

/** How the endpoint answers an index: passed to the libraries, a filter on our result set, or a set reference. */
type IndexKind = { kind: 'search'; target: CqlIndexTarget } | { kind: 'postFilter' } | { kind: 'resultSet' };

export interface IndexInfo {
  set: keyof typeof CONTEXT_SETS;
  name: string;
  title: { en: string; zh: string };
  relations: readonly string[];
  how: IndexKind;
  /** Scan over the recent-result-set term index. */
  scan?: 'title' | 'creator' | 'isbn';
  note?: string;
}

export const INDEXES: readonly IndexInfo[] = [
  { set: 'cql', name: 'serverChoice', title: { en: 'Any field (keyword)', zh: '任意字段' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'keyword' } },
  {
    set: 'cql',
    name: 'allRecords',
    title: { en: 'All records (only combined with another clause by "and")', zh: '全部记录（只能与其他检索条件 and 组配）' },
    relations: ['='],
    how: { kind: 'search', target: 'allRecords' },
  },
  {
    set: 'cql',
    name: 'resultSetId',
    title: { en: 'A kept result set (page through it again)', zh: '已保存的结果集' },
    relations: ['=', '=='],
    how: { kind: 'resultSet' },
    note: 'Reuses a result set of an earlier searchRetrieve; combine only with post-filter indexes.',
  },
  { set: 'dc', name: 'title', title: { en: 'Title', zh: '题名' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'title' }, scan: 'title' },
  { set: 'dc', name: 'creator', title: { en: 'Author', zh: '责任者' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'author' }, scan: 'creator' },
  { set: 'dc', name: 'subject', title: { en: 'Subject', zh: '主题' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'subject' } },
  { set: 'dc', name: 'publisher', title: { en: 'Publisher', zh: '出版者' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'publisher' } },
  { set: 'dc', name: 'date', title: { en: 'Year of publication', zh: '出版年' }, relations: DATE_RELATIONS, how: { kind: 'search', target: 'year' } },
  { set: 'dc', name: 'identifier', title: { en: 'ISBN or ISSN', zh: 'ISBN 或 ISSN' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'isbnOrIssn' } },
  {
    set: 'dc',
    name: 'language',
    title: { en: 'Language (ISO 639-2 code)', zh: '文种（ISO 639-2 代码）' },
    relations: ['=', '==', 'any', '<>'],
    how: { kind: 'postFilter' },
    note: 'Post-filter: applied by the gateway to the federated result set after the search, only as an "and" operand.',
  },
  { set: 'bath', name: 'isbn', title: { en: 'ISBN', zh: 'ISBN' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'isbn' }, scan: 'isbn' },
  { set: 'bath', name: 'issn', title: { en: 'ISSN', zh: 'ISSN' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'issn' } },
  { set: 'bath', name: 'personalName', title: { en: 'Personal name', zh: '个人责任者' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'author' } },
  { set: 'bath', name: 'corporateName', title: { en: 'Corporate name', zh: '团体责任者' }, relations: TEXT_RELATIONS, how: { kind: 'search', target: 'author' } },
  {
    set: 'ill',
    name: 'available',
    title: { en: 'Has a copy that may be lent through ILL (1) or none (0)', zh: '有可馆际互借的复本（1）或没有（0）' },
    relations: ['=', '=='],
    how: { kind: 'postFilter' },
    note: 'Post-filter: applied by the gateway to the federated result set after the search, only as an "and" operand.',
  },
];

/** The CQL index map for the parser: exactly the searchable rows of INDEXES. */
export const SRU_INDEX_MAP: CqlIndexMap = Object.fromEntries(
  INDEXES.flatMap((i) => (i.how.kind === 'search' ? [[`${i.set}.${i.name}`.toLowerCase(), i.how.target]] : [])),
);

/** Relation modifiers accepted (and ignored: they do not change our matching). */
export const IGNORED_RELATION_MODIFIERS = ['ignorecase', 'ignoreaccents', 'relevant', 'masked', 'locale'];

export function findIndex(set: string, name: string): IndexInfo | undefined {
  return INDEXES.find((i) => i.set === set && i.name.toLowerCase() === name.toLowerCase());
}
