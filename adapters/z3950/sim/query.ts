/**
 * Simulator side of Bib-1: a decoded type-1 query → the gateway query model, so a simulated
 * Z39.50 library matches records with the same code as the simulated SRU libraries
 * (src/simulation/match.ts). It accepts what our client (rpn.ts) and common origins send
 * (yaz-client, zoomsh); anything else gets the bib-1 diagnostic a real target would give
 * (Z39.50-2003 Appendix 3, bib1-messages.ts), e.g. 114 for a use attribute it has no index for.
 */
import type { QueryNode, SearchField } from '../../../src/query/model.ts';
import type { DecodedAttribute, DecodedQuery, DecodedRpn } from '../../../src/z3950/apdu/requests.ts';
import type { ZDiagnostic } from '../../../src/z3950/apdu/diag.ts';
import { OID } from '../../../src/z3950/oids.ts';

export class QueryDiagnostic extends Error {
  readonly diagnostic: ZDiagnostic;
  constructor(condition: number, addinfo?: string) {
    super(`bib-1 ${condition}${addinfo === undefined ? '' : ` ${addinfo}`}`);
    this.diagnostic = addinfo === undefined ? { condition } : { condition, addinfo };
  }
}

/** Use attribute → field; several Bib-1 uses fall on one field of the query model. */
const USE: ReadonlyMap<number, SearchField> = new Map<number, SearchField>([
  [4, 'title'],
  [5, 'title'],
  [6, 'title'],
  [1, 'author'],
  [2, 'author'],
  [3, 'author'],
  [1003, 'author'],
  [1004, 'author'],
  [7, 'isbn'],
  [8, 'issn'],
  [1018, 'publisher'],
  [21, 'subject'],
  [1016, 'keyword'],
  [1017, 'keyword'],
  [1035, 'keyword'],
  [30, 'year'],
  [31, 'year'],
]);

/** The use attributes a library answers: every one but those of the fields it lacks (those answer 114). */
export function supportedUses(lacks: readonly SearchField[]): number[] {
  return [...USE].filter(([, field]) => !lacks.includes(field)).map(([use]) => use);
}

const PHRASE = 1;
/** Structures read as "words": word, key, year, date, word list, free-form, document text, numeric string. */
const WORD_STRUCTURES = new Set([2, 3, 4, 5, 6, 100, 105, 106, 109]);
const TRUNCATION_RIGHT = 1;
const TRUNCATION_NONE = 100;
const EQUAL = 3;
const RELEVANCE = 102;
const YEAR_RELATIONS = new Set([1, 2, 3, 4, 5]);

function attributes(list: readonly DecodedAttribute[]): Map<number, number> {
  const byType = new Map<number, number>();
  for (const a of list) {
    if (a.value === undefined) throw new QueryDiagnostic(123, `complex value for attribute type ${a.type}`);
    if (a.type < 1 || a.type > 6) throw new QueryDiagnostic(113, String(a.type));
    // Like Zebra, the last attribute of a type wins.
    byType.set(a.type, a.value);
  }
  return byType;
}

function yearNode(text: string, relation: number): QueryNode {
  if (!/^\d{1,4}$/.test(text)) throw new QueryDiagnostic(126, text);
  const year = Number(text);
  switch (relation) {
    case 1:
      return { kind: 'yearRange', to: year - 1 };
    case 2:
      return { kind: 'yearRange', to: year };
    case 4:
      return { kind: 'yearRange', from: year };
    case 5:
      return { kind: 'yearRange', from: year + 1 };
    default:
      return { kind: 'yearRange', from: year, to: year };
  }
}

function termNode(node: Extract<DecodedRpn, { kind: 'term' }>, decode: (b: Buffer) => string, lacks: readonly SearchField[]): QueryNode {
  if (node.termKind !== 'general') throw new QueryDiagnostic(229);
  const attrs = attributes(node.attributes);
  const use = attrs.get(1) ?? 1016; // no use attribute: server choice, as Zebra does with "any"
  const field = USE.get(use);
  // A library without an index for the field answers as Zebra does for an index with no terms.
  if (!field || lacks.includes(field)) throw new QueryDiagnostic(114, String(use));
  const relation = attrs.get(2) ?? EQUAL;
  const position = attrs.get(3);
  const structure = attrs.get(4);
  const truncation = attrs.get(5) ?? TRUNCATION_NONE;
  const completeness = attrs.get(6);
  if (position !== undefined && ![1, 2, 3].includes(position)) throw new QueryDiagnostic(119, String(position));
  if (completeness !== undefined && ![1, 2, 3].includes(completeness)) throw new QueryDiagnostic(122, String(completeness));
  if (structure !== undefined && structure !== PHRASE && !WORD_STRUCTURES.has(structure)) throw new QueryDiagnostic(118, String(structure));
  const text = decode(node.term).trim();
  if (field === 'year') {
    if (!YEAR_RELATIONS.has(relation)) throw new QueryDiagnostic(117, String(relation));
    return yearNode(text, relation);
  }
  if (relation !== EQUAL && relation !== RELEVANCE) throw new QueryDiagnostic(117, String(relation));
  if (truncation !== TRUNCATION_NONE && truncation !== TRUNCATION_RIGHT) throw new QueryDiagnostic(120, String(truncation));
  const term: QueryNode = { kind: 'term', field, value: text, mode: structure === PHRASE ? 'phrase' : 'words' };
  if (truncation === TRUNCATION_RIGHT) term.truncation = 'right';
  return term;
}

function convert(node: DecodedRpn, decode: (b: Buffer) => string, lacks: readonly SearchField[]): QueryNode {
  switch (node.kind) {
    case 'term':
      return termNode(node, decode, lacks);
    case 'resultSet':
      throw new QueryDiagnostic(18, decode(node.name));
    default:
      if (node.op === 'prox') throw new QueryDiagnostic(201);
      return { kind: node.op === 'and-not' ? 'not' : node.op, left: convert(node.left, decode, lacks), right: convert(node.right, decode, lacks) };
  }
}

/** Throws QueryDiagnostic (107 other query types, 121 other attribute sets, 1xx per attribute). */
export function rpnToQuery(query: DecodedQuery, decode: (b: Buffer) => string, lacks: readonly SearchField[] = []): QueryNode {
  if (query.kind === 'unsupported') throw new QueryDiagnostic(107, String(query.type));
  if (query.attributeSet !== OID.BIB1_ATTRIBUTES) throw new QueryDiagnostic(121, query.attributeSet);
  return convert(query.rpn, decode, lacks);
}
