/**
 * Type-1 / type-101 queries as a target receives them (Z39.50-2003 §3.7 "RPNQuery"; tags as in
 * query.ts, which encodes them on the origin side). Unsupported parts (proximity, result-set
 * operands, complex attribute values, non-general terms) are kept as markers so the target can
 * answer with the right bib-1 diagnostic instead of failing the whole PDU.
 */
import { explicitInner, findContext, isUniversal, readOctets, readOid, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, UNIVERSAL, tagName, type BerElement } from '../ber-types.ts';

export interface DecodedAttribute {
  type: number;
  /** Numeric value; undefined for a complex [224] value. */
  value?: number;
}

export type DecodedRpn =
  | { kind: 'term'; attributes: DecodedAttribute[]; term: Buffer; termKind: 'general' | 'other' }
  | { kind: 'op'; op: 'and' | 'or' | 'and-not' | 'prox'; left: DecodedRpn; right: DecodedRpn }
  | { kind: 'resultSet'; name: Buffer };

export type DecodedQuery = { kind: 'rpn'; attributeSet: string; rpn: DecodedRpn } | { kind: 'unsupported'; type: number };

const OPERATORS = ['and', 'or', 'and-not', 'prox'] as const;

function decodeAttribute(el: BerElement): DecodedAttribute {
  const numeric = findContext(el, 121);
  const attr: DecodedAttribute = { type: readSmallInteger(requireContext(el, 120, 'attributeType')) };
  if (numeric) attr.value = readSmallInteger(numeric);
  return attr;
}

/** AttributesPlusTerm [102] (also the start point of a Scan). */
export function decodeAttributesPlusTerm(el: BerElement): Extract<DecodedRpn, { kind: 'term' }> {
  const [list, term] = el.children;
  if (!list || list.cls !== 'context' || list.tag !== 44 || !term) throw new BerError('malformed AttributesPlusTerm', 0);
  const general = term.cls === 'context' && term.tag === 45;
  return { kind: 'term', attributes: list.children.map(decodeAttribute), term: general ? readOctets(term) : Buffer.alloc(0), termKind: general ? 'general' : 'other' };
}

function decodeOperand(el: BerElement): DecodedRpn {
  if (el.cls === 'context' && el.tag === 102) return decodeAttributesPlusTerm(el);
  if (el.cls === 'context' && el.tag === 31) return { kind: 'resultSet', name: readOctets(el) };
  throw new BerError(`unsupported operand ${tagName(el)}`, 0);
}

function decodeStructure(el: BerElement): DecodedRpn {
  if (el.cls === 'context' && el.tag === 0) return decodeOperand(explicitInner(el));
  if (el.cls === 'context' && el.tag === 1) {
    const [left, right, operator] = el.children;
    if (!left || !right || !operator || operator.tag !== 46) throw new BerError('malformed rpnRpnOp', 0);
    const op = OPERATORS[explicitInner(operator).tag];
    if (!op) throw new BerError('unknown RPN operator', 0);
    return { kind: 'op', op, left: decodeStructure(left), right: decodeStructure(right) };
  }
  throw new BerError(`unexpected ${tagName(el)} in RPNStructure`, 0);
}

export function decodeQuery(wrapper: BerElement): DecodedQuery {
  const choice = explicitInner(wrapper);
  // type-1 [1] and type-101 [101] are both IMPLICIT RPNQuery.
  if (choice.cls !== 'context' || (choice.tag !== 1 && choice.tag !== 101)) return { kind: 'unsupported', type: choice.tag };
  const [set, structure] = choice.children;
  if (!set || !isUniversal(set, UNIVERSAL.OBJECT_IDENTIFIER) || !structure) throw new BerError('malformed RPNQuery', 0);
  return { kind: 'rpn', attributeSet: readOid(set), rpn: decodeStructure(structure) };
}

