/**
 * CQL syntax tree → the gateway's QueryNode (plus sort keys). Anything the
 * model cannot say is a CqlUnsupportedError with the SRU diagnostic a
 * conforming server would send, so the SRU endpoint can answer it verbatim.
 *
 * Relations on text fields:
 *   `=`   quoted term → phrase, unquoted → words (CQL 1.2: `=` on a string is adjacency)
 *   `==`, `adj` → phrase;  `all` → words;  `any` → OR of the words
 *   `<>`  → NOT, only as an operand of `and` (`a and x<>b` is `a not x=b`), else 19
 */
import { and as andNode, type QueryNode, type SearchField, type TermNode } from '../model.ts';
import { ALL_RECORDS, isAllRecords, type AllRecordsQuery } from './all-records.ts';
import type { CqlModifier, CqlNode, CqlQuery, CqlSearchClause } from './ast.ts';
import { DEFAULT_CONTEXT_SETS, PrefixScope } from './context-sets.ts';
import { CqlUnsupportedError, SRU_DIAGNOSTIC } from './errors.ts';
import { DEFAULT_CQL_INDEX_MAP, DEFAULT_UNPREFIXED_CONTEXT_SETS, identifierKind, type CqlIndexMap } from './index-map.ts';
import { makeCqlName, parseCql } from './parser.ts';
import { resolveIndex, resolveRelation, resolveRelationModifier, type NameResolution } from './resolve.ts';
import { sortSpecToSortKey, sruSortKeyToSortKey, type SortKey, type SruSortKey } from './sort-keys.ts';
import { splitTermWords, termValue, type TermText, type TermValuePolicy } from './term-value.ts';
import { mergeYearBounds, yearRange } from './year-range.ts';

export interface CqlToQueryOptions {
  /** Replaces the default map; spread DEFAULT_CQL_INDEX_MAP to extend it. */
  indexMap?: CqlIndexMap;
  /** Extra or replacement context sets (short name → URI), merged over the defaults. */
  contextSets?: Readonly<Record<string, string>>;
  /** Sets tried, in order, for an unprefixed index. Default: cql, dc, bath. */
  unprefixedContextSets?: readonly string[];
  /** Interior `*`/`?`: 'reject' (28, default) or 'literal' (kept as characters). */
  masking?: TermValuePolicy['masking'];
  /** `^`: 'reject' (31, default) or 'ignore' (dropped). */
  anchoring?: TermValuePolicy['anchoring'];
  /**
   * Relation modifiers accepted and ignored, lower-case without prefix.
   * `unmasked` is always understood (its terms have no masking).
   */
  ignoredRelationModifiers?: readonly string[];
}

const DEFAULT_IGNORED_RELATION_MODIFIERS: readonly string[] = [
  'ignorecase',
  'ignoreaccents',
  'relevant',
  'masked',
  'locale',
];

/** A whole search: the query (or cql.allRecords) and the sortBy keys. */
export interface CqlSearch {
  query: QueryNode | AllRecordsQuery;
  sortKeys: SortKey[];
}

const TEXT_RELATIONS = new Set(['=', '==', 'adj', 'all', 'any', '<>']);

/** A QueryNode, or the pieces only a boolean can place: `<>` and cql.allRecords. */
type Converted = QueryNode | AllRecordsQuery | { kind: 'negated'; node: QueryNode };

interface Context {
  resolution: NameResolution;
  masking: TermValuePolicy['masking'];
  anchoring: TermValuePolicy['anchoring'];
  ignoredModifiers: ReadonlySet<string>;
}

/** Query text → QueryNode; see cqlToQuery. */
export function parseCqlToQuery(text: string, options: CqlToQueryOptions = {}): QueryNode {
  return cqlToQuery(parseCql(text), options);
}

/** Query text → query and sort keys; see cqlToSearch. */
export function parseCqlSearch(text: string, options: CqlToQueryOptions = {}): CqlSearch {
  return cqlToSearch(parseCql(text), options);
}

/**
 * The query alone, for callers that can only run a QueryNode. sortBy is
 * ignored; a query that means "all records" is refused (16, cql.allRecords),
 * while `cql.allRecords=1 and x` still works (it is just x).
 */
export function cqlToQuery(ast: CqlQuery, options: CqlToQueryOptions = {}): QueryNode {
  const { query } = cqlToSearch(ast, options);
  if (isAllRecords(query)) {
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedIndex, 'Unsupported index "cql.allRecords"', 'cql.allRecords');
  }
  return query;
}

export function cqlToSearch(ast: CqlQuery, options: CqlToQueryOptions = {}): CqlSearch {
  const context = makeContext(options);
  const scope = PrefixScope.empty().with(ast.prefixes);
  const root = convert(ast.root, scope, context);
  if (root.kind === 'negated') throw notOutsideAnd();
  return {
    query: root,
    sortKeys: ast.sortBy.map((spec) => sortSpecToSortKey(spec, sortField(spec.index.name, scope, context))),
  };
}

/** SRU 1.1 `sortKeys` → SortKey, resolving each path as a CQL index when it is one. */
export function sruSortKeysToSortKeys(keys: readonly SruSortKey[], options: CqlToQueryOptions = {}): SortKey[] {
  const context = makeContext(options);
  return keys.map((key) => sruSortKeyToSortKey(key, sortField(key.path, PrefixScope.empty(), context)));
}

function makeContext(options: CqlToQueryOptions): Context {
  const contextSets: Record<string, string> = {};
  for (const [name, uri] of Object.entries({ ...DEFAULT_CONTEXT_SETS, ...options.contextSets })) {
    contextSets[name.toLowerCase()] = uri;
  }
  return {
    resolution: {
      indexMap: options.indexMap ?? DEFAULT_CQL_INDEX_MAP,
      contextSets,
      unprefixedContextSets: options.unprefixedContextSets ?? DEFAULT_UNPREFIXED_CONTEXT_SETS,
    },
    masking: options.masking ?? 'reject',
    anchoring: options.anchoring ?? 'reject',
    ignoredModifiers: new Set(options.ignoredRelationModifiers ?? DEFAULT_IGNORED_RELATION_MODIFIERS),
  };
}

/** Sort keys name any index; one the map does not know simply has no field. */
function sortField(name: string, scope: PrefixScope, context: Context): SearchField | undefined {
  try {
    const target = resolveIndex(makeCqlName(name, 0), scope, context.resolution);
    return target === 'allRecords' || target === 'isbnOrIssn' ? undefined : target;
  } catch {
    return undefined;
  }
}

function convert(node: CqlNode, scope: PrefixScope, context: Context): Converted {
  switch (node.type) {
    case 'scoped':
      return convert(node.query, scope.with(node.prefixes), context);
    case 'searchClause':
      return convertClause(node, scope, context);
    case 'boolean': {
      if (node.operator === 'prox') {
        throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedBoolean, 'Unsupported boolean operator "prox"', 'prox');
      }
      const modifier = node.modifiers[0];
      if (modifier !== undefined) {
        throw new CqlUnsupportedError(
          SRU_DIAGNOSTIC.unsupportedBooleanModifier,
          `Unsupported boolean modifier "${modifier.name}"`,
          modifier.name,
        );
      }
      const left = convert(node.left, scope, context);
      const right = convert(node.right, scope, context);
      return combine(node.operator, left, right);
    }
  }
}

function combine(operator: 'and' | 'or' | 'not', left: Converted, right: Converted): Converted {
  if (operator === 'and') {
    if (left.kind === 'negated' && right.kind === 'negated') throw notOutsideAnd();
    if (left.kind === 'allRecords') return right;
    if (right.kind === 'allRecords') return left;
    if (right.kind === 'negated') return { kind: 'not', left: asNode(left), right: right.node };
    if (left.kind === 'negated') return { kind: 'not', left: asNode(right), right: left.node };
    if (left.kind === 'yearRange' && right.kind === 'yearRange') return mergeYearBounds(left, right) ?? andNode(left, right);
    return andNode(left, right);
  }
  if (left.kind === 'negated' || right.kind === 'negated') throw notOutsideAnd();
  if (operator === 'or') {
    if (left.kind === 'allRecords' || right.kind === 'allRecords') return ALL_RECORDS;
    return { kind: 'or', left, right };
  }
  if (left.kind === 'allRecords' || right.kind === 'allRecords') {
    throw new CqlUnsupportedError(
      SRU_DIAGNOSTIC.queryFeatureUnsupported,
      'cql.allRecords cannot be an operand of "not" (the query model has no set of all records)',
      'cql.allRecords',
    );
  }
  return { kind: 'not', left, right };
}

/** Only called after the negated/allRecords cases are handled. */
function asNode(converted: Converted): QueryNode {
  if (converted.kind === 'negated' || converted.kind === 'allRecords') throw notOutsideAnd();
  return converted;
}

function notOutsideAnd(): CqlUnsupportedError {
  return new CqlUnsupportedError(
    SRU_DIAGNOSTIC.unsupportedRelation,
    'Relation "<>" is supported only as an operand of "and"',
    '<>',
  );
}

function convertClause(clause: CqlSearchClause, scope: PrefixScope, context: Context): Converted {
  const target = resolveIndex(clause.index, scope, context.resolution);
  const relation = resolveRelation(clause.relation, scope, context.resolution);
  const unmasked = checkModifiers(clause.relation.modifiers, scope, context);
  const negate = (node: QueryNode): Converted => (relation === '<>' ? { kind: 'negated', node } : node);

  if (target === 'allRecords') {
    if (relation !== '=') throw unsupportedRelation(relation);
    return ALL_RECORDS;
  }
  if (target === 'year') {
    return negate(yearRange(relation === '<>' ? '=' : relation, clause.term.text));
  }
  if (!TEXT_RELATIONS.has(relation)) throw unsupportedRelation(relation);

  const policy: TermValuePolicy = { masking: context.masking, anchoring: context.anchoring, unmasked };
  const field: SearchField = target === 'isbnOrIssn' ? identifierField(termValue(clause.term, policy).value) : target;

  if (relation === 'any') return orOfWords(field, wordsOf(clause.term), policy);
  if (relation === 'all') {
    const words = wordsOf(clause.term);
    // A word truncated inside the term ("cambridg* univ") cannot be one node; AND of words means the same.
    const interiorTruncation = words.slice(0, -1).some((word) => termValue(word, policy).truncation);
    return interiorTruncation ? andOfWords(field, words, policy) : termNode(field, clause.term, 'words', policy);
  }
  const phrase = relation === '==' || relation === 'adj' || clause.term.quoted;
  return negate(termNode(field, clause.term, phrase ? 'phrase' : 'words', policy));
}

function wordsOf(term: TermText): TermText[] {
  const words = splitTermWords(term);
  if (words.length === 0) throw new CqlUnsupportedError(SRU_DIAGNOSTIC.emptyTerm, 'Empty term unsupported', term.text);
  return words;
}

function orOfWords(field: SearchField, words: TermText[], policy: TermValuePolicy): QueryNode {
  const nodes = words.map((word) => termNode(field, word, 'words', policy));
  return nodes.slice(1).reduce<QueryNode>((left, right) => ({ kind: 'or', left, right }), nodes[0] as QueryNode);
}

function andOfWords(field: SearchField, words: TermText[], policy: TermValuePolicy): QueryNode {
  const nodes = words.map((word) => termNode(field, word, 'words', policy));
  return nodes.slice(1).reduce<QueryNode>((left, right) => andNode(left, right), nodes[0] as QueryNode);
}

function termNode(field: SearchField, term: TermText, mode: TermNode['mode'], policy: TermValuePolicy): TermNode {
  const { value, truncation } = termValue(term, policy);
  const node: TermNode = { kind: 'term', field, value, mode };
  if (truncation) node.truncation = 'right';
  return node;
}

function identifierField(value: string): SearchField {
  const kind = identifierKind(value);
  if (kind === undefined) {
    throw new CqlUnsupportedError(
      SRU_DIAGNOSTIC.invalidTermFormat,
      'Term in invalid format for index or relation: dc.identifier takes an ISBN or an ISSN',
      value,
    );
  }
  return kind;
}

/** Returns whether `/unmasked` was given; refuses modifiers not configured as harmless. */
function checkModifiers(modifiers: readonly CqlModifier[], scope: PrefixScope, context: Context): boolean {
  let unmasked = false;
  for (const modifier of modifiers) {
    const name = resolveRelationModifier(modifier, scope, context.resolution);
    if (name === 'unmasked') {
      unmasked = true;
    } else if (!context.ignoredModifiers.has(name)) {
      throw new CqlUnsupportedError(
        SRU_DIAGNOSTIC.unsupportedRelationModifier,
        `Unsupported relation modifier "${modifier.name}"`,
        modifier.name,
      );
    }
  }
  return unmasked;
}

function unsupportedRelation(relation: string): CqlUnsupportedError {
  return new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedRelation, `Unsupported relation "${relation}"`, relation);
}
