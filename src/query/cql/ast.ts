/**
 * CQL 1.2 syntax tree. It keeps what was written (names as spelled, raw term
 * text with its escapes) so the server endpoint can echo and diagnose exactly;
 * meaning (context sets, index mapping) is applied later by to-query.ts.
 * Every `position` is a UTF-16 offset into the query string.
 */

export const CQL_SPECIAL_CHARS = ['*', '?', '^'] as const;
export type CqlSpecialCharKind = (typeof CQL_SPECIAL_CHARS)[number];

/** One masking (`*`, `?`) or anchoring (`^`) character of a term. */
export interface CqlSpecialChar {
  char: CqlSpecialCharKind;
  /** Offset in `CqlTerm.text`. */
  offset: number;
  /** Written as `\*` etc.: a literal character, not masking/anchoring. */
  escaped: boolean;
}

export interface CqlTerm {
  /** As written, without the surrounding quotes, escapes kept (`a \"b\"`). */
  raw: string;
  quoted: boolean;
  /** Backslash escapes resolved (`a "b"`). */
  text: string;
  /** Every `*`, `?`, `^` of `text`, escaped or not, in order. */
  specials: CqlSpecialChar[];
  position: number;
}

/** A dotted name: index, named relation, modifier or sort index. */
export interface CqlName {
  /** As written (escapes resolved if it was quoted). */
  name: string;
  /** Context-set prefix before the first dot, when there is one. */
  prefix: string | undefined;
  /** The part after the prefix (the whole name when unprefixed). */
  localName: string;
  position: number;
}

export type CqlComparitorSymbol = '=' | '==' | '<>' | '<' | '>' | '<=' | '>=';

/** `/name` or `/name comparitor value` after a relation, a boolean or a sort index. */
export interface CqlModifier extends CqlName {
  comparitor: CqlComparitorSymbol | undefined;
  /** Value with escapes resolved. */
  value: string | undefined;
}

export interface CqlRelation extends CqlName {
  /** True for the symbol relations (`=`, `<>` ...), false for named ones (`any`, `dc.rel`). */
  symbol: boolean;
  modifiers: CqlModifier[];
}

export interface CqlPrefixAssignment {
  /** Undefined for `> "uri"`, which sets the default context set. */
  prefix: string | undefined;
  uri: string;
  position: number;
}

export interface CqlSearchClause {
  type: 'searchClause';
  index: CqlName;
  relation: CqlRelation;
  term: CqlTerm;
  /** A bare term: index and relation are the implied `cql.serverChoice =`. */
  implicit: boolean;
  position: number;
}

export type CqlBooleanOperator = 'and' | 'or' | 'not' | 'prox';

export interface CqlBoolean {
  type: 'boolean';
  /** Lower-cased (booleans are case-insensitive). */
  operator: CqlBooleanOperator;
  modifiers: CqlModifier[];
  left: CqlNode;
  right: CqlNode;
  position: number;
}

/** A parenthesized query that starts with prefix assignments; they apply inside only. */
export interface CqlScoped {
  type: 'scoped';
  prefixes: CqlPrefixAssignment[];
  query: CqlNode;
  position: number;
}

export type CqlNode = CqlSearchClause | CqlBoolean | CqlScoped;

export interface CqlSortSpec {
  index: CqlName;
  modifiers: CqlModifier[];
  position: number;
}

export interface CqlQuery {
  /** Top-level prefix assignments (apply to the whole query). */
  prefixes: CqlPrefixAssignment[];
  root: CqlNode;
  /** CQL 1.2 `sortBy` keys, in order; empty when there is no sortBy. */
  sortBy: CqlSortSpec[];
}

/** True when the term has an unescaped `*` or `?`. */
export function hasMasking(term: CqlTerm): boolean {
  return term.specials.some((s) => !s.escaped && s.char !== '^');
}

/** True when the term has an unescaped `^`. */
export function hasAnchoring(term: CqlTerm): boolean {
  return term.specials.some((s) => !s.escaped && s.char === '^');
}
