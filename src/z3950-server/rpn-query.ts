/**
 * Type-1 (Bib-1) RPN → the gateway's query model. Every attribute the model cannot honour
 * is refused with its Bib-1 diagnostic rather than silently dropped; the README's attribute
 * table lists exactly what this accepts.
 *
 * Mapping: use → field; relation 3 (equal) and 102 (relevance) for text, 1-5 for years;
 * structure 1 (phrase) and 108 (string) → phrase, the word-like structures → words; truncation
 * 1 (right) and 101 with a trailing "#" → right truncation, 100 → none. Position 1/2/3 and
 * completeness 1/2/3 are accepted: the model has no field anchoring, so "first in field" and
 * "complete field" search the words anywhere (ranking puts title-initial matches first).
 */
import type { QueryNode, SearchField, TermNode } from '../query/model.ts';
import type { DecodedAttribute, DecodedQuery, DecodedRpn } from '../z3950/apdu/query-in.ts';
import { OID } from '../z3950/oids.ts';
import { Bib1Error } from './bib1-error.ts';

/** Bib-1 use values the model can search, and the field each lands on. */
const USE_FIELDS: ReadonlyMap<number, SearchField> = new Map<number, SearchField>([
  [4, 'title'],
  [5, 'title'],
  [6, 'title'],
  [33, 'title'],
  [1, 'author'],
  [2, 'author'],
  [3, 'author'],
  [1002, 'author'],
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

const WORD_STRUCTURES: ReadonlySet<number> = new Set([2, 3, 4, 5, 6, 101, 105, 106, 109]);
const PHRASE_STRUCTURES: ReadonlySet<number> = new Set([1, 108]);
const EQUAL = 3;
const RELEVANCE = 102;
/** Operands one query may have (Bib-1 6 "too many boolean operators" beyond). */
const MAX_OPERANDS = 32;
const MAX_TERM_CHARS = 256;

function byType(list: readonly DecodedAttribute[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const a of list) {
    if (a.type < 1 || a.type > 6) throw new Bib1Error(113, String(a.type));
    if (a.value === undefined) throw new Bib1Error(123, `complex value for attribute type ${a.type}`);
    // Like Zebra and YAZ backends, a repeated type: the last one wins.
    out.set(a.type, a.value);
  }
  return out;
}

function yearNode(text: string, relation: number): QueryNode {
  if (!/^\d{1,4}$/.test(text)) throw new Bib1Error(126, text);
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
    case EQUAL:
    case RELEVANCE:
      return { kind: 'yearRange', from: year, to: year };
    default:
      throw new Bib1Error(117, String(relation));
  }
}

function termNode(node: Extract<DecodedRpn, { kind: 'term' }>, decode: (b: Buffer) => string): QueryNode {
  if (node.termKind !== 'general') throw new Bib1Error(229, 'only general (octet string) terms');
  const attrs = byType(node.attributes);
  const use = attrs.get(1) ?? 1016; // none given: server choice, searched as keywords
  const field = USE_FIELDS.get(use);
  if (!field) throw new Bib1Error(114, String(use));
  const relation = attrs.get(2) ?? EQUAL;
  const position = attrs.get(3) ?? 3;
  const structure = attrs.get(4);
  const truncation = attrs.get(5) ?? 100;
  const completeness = attrs.get(6) ?? 1;
  if (![1, 2, 3].includes(position)) throw new Bib1Error(119, String(position));
  if (![1, 2, 3].includes(completeness)) throw new Bib1Error(122, String(completeness));
  if (structure !== undefined && !PHRASE_STRUCTURES.has(structure) && !WORD_STRUCTURES.has(structure)) throw new Bib1Error(118, String(structure));
  let text = decode(node.term).trim();
  if (text === '') throw new Bib1Error(126, 'empty term');
  if (text.length > MAX_TERM_CHARS) throw new Bib1Error(11, `term longer than ${MAX_TERM_CHARS} characters`);
  if (field === 'year') {
    if (truncation !== 100) throw new Bib1Error(120, String(truncation));
    return yearNode(text, relation);
  }
  if (relation !== EQUAL && relation !== RELEVANCE) throw new Bib1Error(117, String(relation));
  let right = truncation === 1;
  if (truncation === 101) {
    // Process '#': only a trailing mask is something the model can search.
    const body = text.replace(/#+$/u, '');
    if (body.includes('#')) throw new Bib1Error(120, '101 with # inside the term');
    right = body !== text;
    text = body.trim();
  } else if (truncation !== 1 && truncation !== 100) {
    throw new Bib1Error(120, String(truncation));
  }
  if (text === '') throw new Bib1Error(126, 'empty term');
  const term: TermNode = { kind: 'term', field, value: text, mode: structure !== undefined && PHRASE_STRUCTURES.has(structure) ? 'phrase' : 'words' };
  if (right) term.truncation = 'right';
  return term;
}

function convert(node: DecodedRpn, decode: (b: Buffer) => string, budget: { operands: number }): QueryNode {
  switch (node.kind) {
    case 'term':
      budget.operands += 1;
      if (budget.operands > MAX_OPERANDS) throw new Bib1Error(6, `at most ${MAX_OPERANDS} terms`);
      return termNode(node, decode);
    case 'resultSet':
      throw new Bib1Error(18, decode(node.name));
    default:
      if (node.op === 'prox') throw new Bib1Error(110, 'prox');
      return { kind: node.op === 'and-not' ? 'not' : node.op, left: convert(node.left, decode, budget), right: convert(node.right, decode, budget) };
  }
}

/** Throws Bib1Error: 107 other query types, 121 other attribute sets, 110 prox, 113-123 attributes. */
export function rpnToQuery(query: DecodedQuery, decode: (b: Buffer) => string): QueryNode {
  if (query.kind === 'unsupported') throw new Bib1Error(107, `type-${query.type}`);
  if (query.attributeSet !== OID.BIB1_ATTRIBUTES) throw new Bib1Error(121, query.attributeSet);
  return convert(query.rpn, decode, { operands: 0 });
}
