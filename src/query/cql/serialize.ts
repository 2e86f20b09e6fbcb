/**
 * QueryNode → CQL for one SRU target.
 *
 * Relation choice (checked against YAZ 5.34's stock pqf.properties, the basis
 * of yaz-ztest's and Zebra's CQL→RPN mapping):
 *   words  → `all "…"`  YAZ: 4=6 then 4=2 (structure.all); Zebra keeps the last → word search
 *   phrase → `= "…"`    YAZ: 2=3 4=1 (structure.*) → phrase; CQL 1.2 `=` on a string is adjacency
 *   `adj` and `within` are refused by stock YAZ (diagnostic 19), so they are opt-in.
 * Terms are always quoted; `\ " * ? ^` in the value are escaped so they stay
 * literal, and right truncation is one unescaped trailing `*`. CJK is sent as is.
 * to-query reads all of this back to the same QueryNode (see the round-trip test).
 */
import { formatYear, type QueryNode, type SearchField, type TermNode, type YearRangeNode } from '../model.ts';
import type { AllRecordsQuery } from './all-records.ts';
import { CqlUnsupportedError, SRU_DIAGNOSTIC } from './errors.ts';
import type { SortKey } from './sort-keys.ts';
import { escapeCqlText } from './term-text.ts';

const DEFAULT_CQL_TARGET_INDEXES: Readonly<Record<SearchField, string>> = {
  title: 'dc.title',
  author: 'dc.creator',
  publisher: 'dc.publisher',
  subject: 'dc.subject',
  keyword: 'cql.serverChoice',
  isbn: 'bath.isbn',
  issn: 'bath.issn',
  year: 'dc.date',
};

export interface CqlTargetProfile {
  /** Index per field, over the defaults; null: the target has no such index (diagnostic 16). */
  indexes?: Partial<Record<SearchField, string | null>>;
  /**
   * Relation for words mode. `=` is for targets without `all`: a multi-word
   * words term then reads as a phrase there (and in our own to-query).
   */
  wordsRelation?: 'all' | '=';
  /** Relation for phrase mode. */
  phraseRelation?: '=' | 'adj' | '==';
  /** Year ranges as `d>=a and d<=b` (default) or `d within "a b"`. */
  yearRange?: 'bounds' | 'within';
  /** Index for cql.allRecords (default `cql.allRecords`). */
  allRecordsIndex?: string;
}

/** CQL for the query; sortBy appended when sort keys are given. */
export function serializeCql(
  query: QueryNode | AllRecordsQuery,
  profile: CqlTargetProfile = {},
  sortKeys: readonly SortKey[] = [],
): string {
  const text =
    query.kind === 'allRecords' ? `${formatName(profile.allRecordsIndex ?? 'cql.allRecords')}="1"` : serializeNode(query, profile);
  return sortKeys.length === 0 ? text : `${text} ${serializeCqlSortBy(sortKeys, profile)}`;
}

/** `sortBy index/sort.descending …` (CQL 1.2). */
export function serializeCqlSortBy(keys: readonly SortKey[], profile: CqlTargetProfile = {}): string {
  const specs = keys.map((key) => {
    const index = key.field === undefined ? key.index : indexFor(key.field, profile);
    let spec = formatName(index);
    if (key.direction === 'descending') spec += '/sort.descending';
    if (key.caseSensitive !== undefined) spec += key.caseSensitive ? '/sort.respectCase' : '/sort.ignoreCase';
    const missing = key.missing;
    if (typeof missing === 'object') spec += `/sort.missingValue=${quote(missing.value)}`;
    else if (missing !== undefined) spec += `/sort.missing${missing.charAt(0).toUpperCase()}${missing.slice(1)}`;
    return spec;
  });
  return `sortBy ${specs.join(' ')}`;
}

function serializeNode(node: QueryNode, profile: CqlTargetProfile): string {
  switch (node.kind) {
    case 'term':
      return serializeTerm(node, profile);
    case 'yearRange':
      return serializeYearRange(node, profile);
    default:
      return `${serializeOperand(node.left, profile)} ${node.kind} ${serializeOperand(node.right, profile)}`;
  }
}

/** Operands that are themselves booleans (or a two-clause year range) get parentheses. */
function serializeOperand(node: QueryNode, profile: CqlTargetProfile): string {
  const text = serializeNode(node, profile);
  const compound =
    node.kind === 'and' || node.kind === 'or' || node.kind === 'not' || (node.kind === 'yearRange' && isTwoClauseRange(node, profile));
  return compound ? `(${text})` : text;
}

function serializeTerm(node: TermNode, profile: CqlTargetProfile): string {
  const index = formatName(indexFor(node.field, profile));
  const body = `"${escapeCqlText(node.value)}${node.truncation === 'right' ? '*' : ''}"`;
  // dc.date-like fields take the plain `=` (YAZ/Zebra date indexes have no word-list structure).
  if (node.field === 'year') return `${index}=${body}`;
  const relation = node.mode === 'phrase' ? (profile.phraseRelation ?? '=') : (profile.wordsRelation ?? 'all');
  return /^[a-z]/.test(relation) ? `${index} ${relation} ${body}` : `${index}${relation}${body}`;
}

function isTwoClauseRange(node: YearRangeNode, profile: CqlTargetProfile): boolean {
  return node.from !== undefined && node.to !== undefined && node.from !== node.to && profile.yearRange !== 'within';
}

function serializeYearRange(node: YearRangeNode, profile: CqlTargetProfile): string {
  const index = formatName(indexFor('year', profile));
  const { from, to } = node;
  if (from === undefined && to === undefined) {
    throw new RangeError('A YearRangeNode needs at least one bound');
  }
  if (from !== undefined && to !== undefined) {
    if (from === to) return `${index}=${quote(formatYear(from))}`;
    if (profile.yearRange === 'within') return `${index} within ${quote(`${formatYear(from)} ${formatYear(to)}`)}`;
    return `${index}>=${quote(formatYear(from))} and ${index}<=${quote(formatYear(to))}`;
  }
  if (from !== undefined) return `${index}>=${quote(formatYear(from))}`;
  return `${index}<=${quote(formatYear(to as number))}`;
}

/** The CQL index a target is sent for a field; null when its profile says it has none. */
export function targetIndex(field: SearchField, profile: CqlTargetProfile): string | null {
  const configured = profile.indexes?.[field];
  return configured === null ? null : (configured ?? DEFAULT_CQL_TARGET_INDEXES[field]);
}

function indexFor(field: SearchField, profile: CqlTargetProfile): string {
  const index = targetIndex(field, profile);
  if (index === null) {
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedIndex, `This target has no index for "${field}"`, field);
  }
  return index;
}

function quote(text: string): string {
  return `"${escapeCqlText(text)}"`;
}

/** Index names go unquoted unless they contain what would end an unquoted word. */
function formatName(name: string): string {
  return /^[^\s()=<>"/\\]+$/.test(name) ? name : `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
