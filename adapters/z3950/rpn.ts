/**
 * The gateway query model → a type-1 RPN query with Bib-1 attributes
 * (Z39.50-2003 Appendix 3 "ATR.1", Bib-1 attribute set 1.2.840.10003.3.1).
 *
 * Per term: use (1), relation (2) = 3 equal, position (3) = 3 any position in field,
 * structure (4) = 1 phrase | 2 word | 6 word list, truncation (5) = 1 right | 100 none.
 * Years use structure 109 (numeric string) with relations 4 (>=) / 2 (<=) ANDed: Zebra keeps
 * the last attribute of each type and rejects range relations without 4=109 (diagnostic 117).
 * A library may override or drop (null) any attribute per field.
 */
import { formatYear, type QueryNode, type SearchField, type TermNode, type YearRangeNode } from '../../src/query/model.ts';
import type { TextCodec } from '../../src/adapter-api/text-codec.ts';
import type { AttributeElement, RpnQuery, RpnStructure } from '../../src/z3950/apdu/query.ts';
import { OID } from '../../src/z3950/oids.ts';

const ATTRIBUTE_TYPES = { use: 1, relation: 2, position: 3, structure: 4, truncation: 5, completeness: 6 } as const;
type AttributeName = keyof typeof ATTRIBUTE_TYPES;

/** Per-field attribute values; null removes the attribute (for targets that reject it). */
type FieldAttributes = Partial<Record<AttributeName, number | null>>;
type AttributeOverrides = Partial<Record<SearchField, FieldAttributes>>;

/** Bib-1 use attributes (ATR.1 table "Use"). */
const DEFAULT_USE: Readonly<Record<SearchField, number>> = {
  title: 4,
  author: 1003,
  isbn: 7,
  issn: 8,
  publisher: 1018,
  subject: 21,
  keyword: 1016,
  year: 31,
};

const RELATION = { lessThan: 1, lessOrEqual: 2, equal: 3, greaterOrEqual: 4, greaterThan: 5 } as const;
const STRUCTURE = { phrase: 1, word: 2, wordList: 6, numericString: 109 } as const;
const TRUNCATION = { right: 1, none: 100 } as const;
const POSITION_ANY = 3;

export class QueryTranslationError extends Error {
  readonly code: 'query-charset' | 'query-empty';
  constructor(code: 'query-charset' | 'query-empty', message: string) {
    super(message);
    this.name = 'QueryTranslationError';
    this.code = code;
  }
}

export interface RpnOptions {
  codec: TextCodec;
  overrides?: AttributeOverrides;
}

function attributeList(values: FieldAttributes, override: FieldAttributes | undefined, keep: readonly AttributeName[] = []): AttributeElement[] {
  const merged: FieldAttributes = { ...values };
  for (const [name, value] of Object.entries(override ?? {}) as [AttributeName, number | null][]) {
    if (!keep.includes(name)) merged[name] = value;
  }
  return (Object.entries(merged) as [AttributeName, number | null | undefined][])
    .filter((e): e is [AttributeName, number] => typeof e[1] === 'number')
    .map(([name, value]) => ({ type: ATTRIBUTE_TYPES[name], value }))
    .sort((a, b) => a.type - b.type);
}

function termBytes(text: string, opts: RpnOptions): Buffer {
  const bad = opts.codec.unwritable(text);
  if (bad !== undefined) {
    const code = `U+${(bad.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new QueryTranslationError('query-charset', `"${text}": the character "${bad}" (${code}) cannot be written in the target charset ${opts.codec.charset}`);
  }
  return opts.codec.encode(text);
}

function translateTerm(node: TermNode, opts: RpnOptions): RpnStructure {
  let text = node.value.trim().replace(/\s+/g, ' ');
  // Targets (Zebra included) do not normalize ISBNs: send the compact form.
  if (node.field === 'isbn') text = text.replace(/[\s-]/g, '').toUpperCase();
  if (text === '') throw new QueryTranslationError('query-empty', `empty ${node.field} term`);
  const words = text.split(' ').length;
  const structure = node.mode === 'phrase' ? STRUCTURE.phrase : words > 1 ? STRUCTURE.wordList : STRUCTURE.word;
  const values: FieldAttributes = {
    use: DEFAULT_USE[node.field],
    relation: RELATION.equal,
    position: POSITION_ANY,
    structure,
    truncation: node.truncation === 'right' ? TRUNCATION.right : TRUNCATION.none,
  };
  return { kind: 'term', attributes: attributeList(values, opts.overrides?.[node.field]), term: termBytes(text, opts), text };
}

function yearTerm(year: number, relation: number, opts: RpnOptions): RpnStructure {
  const values: FieldAttributes = { use: DEFAULT_USE.year, relation, structure: STRUCTURE.numericString };
  const text = formatYear(year);
  // The relation carries the range's meaning, so an override cannot replace it.
  return { kind: 'term', attributes: attributeList(values, opts.overrides?.year, ['relation']), term: termBytes(text, opts), text };
}

function translateYears(node: YearRangeNode, opts: RpnOptions): RpnStructure {
  const { from, to } = node;
  if (from !== undefined && to !== undefined) {
    if (from === to) return yearTerm(from, RELATION.equal, opts);
    return { kind: 'op', op: 'and', left: yearTerm(from, RELATION.greaterOrEqual, opts), right: yearTerm(to, RELATION.lessOrEqual, opts) };
  }
  if (from !== undefined) return yearTerm(from, RELATION.greaterOrEqual, opts);
  if (to !== undefined) return yearTerm(to, RELATION.lessOrEqual, opts);
  throw new QueryTranslationError('query-empty', 'year range without bounds');
}

function translate(node: QueryNode, opts: RpnOptions): RpnStructure {
  switch (node.kind) {
    case 'term':
      return translateTerm(node, opts);
    case 'yearRange':
      return translateYears(node, opts);
    default:
      // NOT is binary in RPN: "left AND-NOT right" (Operator and-not [2]).
      return { kind: 'op', op: node.kind === 'not' ? 'and-not' : node.kind, left: translate(node.left, opts), right: translate(node.right, opts) };
  }
}

export function toRpn(query: QueryNode, opts: RpnOptions): RpnQuery {
  return { attributeSet: OID.BIB1_ATTRIBUTES, rpn: translate(query, opts) };
}
