/**
 * Which gateway field a CQL index means. Keys are `set.index` with the set's
 * short name from the context-set table, lower-cased (CQL names are
 * case-insensitive), e.g. `dc.title`, `bath.personalname`.
 */
import type { SearchField } from '../model.ts';

/**
 * A search field, or: `isbnOrIssn` — isbn or issn by the term's shape
 * (dc.identifier); `allRecords` — cql.allRecords.
 */
export type CqlIndexTarget = SearchField | 'isbnOrIssn' | 'allRecords';

export type CqlIndexMap = Readonly<Record<string, CqlIndexTarget>>;

export const DEFAULT_CQL_INDEX_MAP: CqlIndexMap = {
  'cql.serverchoice': 'keyword',
  'cql.anywhere': 'keyword',
  'cql.allindexes': 'keyword',
  'cql.allrecords': 'allRecords',
  'dc.title': 'title',
  'dc.creator': 'author',
  'bath.name': 'author',
  'bath.personalname': 'author',
  'bath.corporatename': 'author',
  'dc.subject': 'subject',
  'bath.topicalsubject': 'subject',
  'dc.publisher': 'publisher',
  'dc.date': 'year',
  'bath.isbn': 'isbn',
  'bath.issn': 'issn',
  'dc.identifier': 'isbnOrIssn',
};

/** Context sets tried, in order, for an index written without a prefix (`title=x`). */
export const DEFAULT_UNPREFIXED_CONTEXT_SETS: readonly string[] = ['cql', 'dc', 'bath'];

const ISSN_SHAPE = /^\d{4}-?\d{3}[\dXx]$/;
const ISBN10_SHAPE = /^\d{9}[\dXx]$/;
const ISBN13_SHAPE = /^97[89]\d{10}$/;

/** isbn / issn for a dc.identifier term, or undefined when it looks like neither. */
export function identifierKind(value: string): 'isbn' | 'issn' | undefined {
  const trimmed = value.trim();
  if (ISSN_SHAPE.test(trimmed)) return 'issn';
  const compact = trimmed.replace(/[-\s]/g, '');
  if (ISBN10_SHAPE.test(compact) || ISBN13_SHAPE.test(compact)) return 'isbn';
  return undefined;
}
