/**
 * Target side: decoding the requests an origin sends (InitializeRequest [20], SearchRequest [22],
 * PresentRequest [24], Close [48]), for the simulator (the Z39.50 simulator). Field tags as
 * in init.ts / search.ts / present.ts / query.ts, which encode the same PDUs on the origin side.
 * The type-1 query comes back as a tree whose unsupported parts (proximity, result-set operands,
 * complex attribute values, non-general terms) are kept as markers, so the target can answer
 * them with the right bib-1 diagnostic instead of failing the whole PDU.
 */
import { decodeBer, explicitInner, findContext, isUniversal, readBitString, readBoolean, readOctets, readOid, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, UNIVERSAL, tagName, type BerElement } from '../ber-types.ts';
import { decodeClose, type Close } from './close.ts';
import { INIT_OPTIONS, PDU_TAG, type InitOption } from './tags.ts';

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

export interface InitRequestIn {
  referenceId?: Buffer;
  options: InitOption[];
  preferredMessageSize: number;
  auth?: 'open' | 'idPass' | 'anonymous' | 'other';
}

export interface SearchRequestIn {
  referenceId?: Buffer;
  smallSetUpperBound: number;
  largeSetLowerBound: number;
  mediumSetPresentNumber: number;
  resultSetName: Buffer;
  databaseNames: Buffer[];
  preferredRecordSyntax?: string;
  query: DecodedQuery;
}

export interface PresentRequestIn {
  referenceId?: Buffer;
  resultSetId: Buffer;
  start: number;
  count: number;
  preferredRecordSyntax?: string;
  elementSetName?: Buffer;
}

export type OriginPdu =
  | { type: 'initRequest'; pdu: InitRequestIn }
  | { type: 'searchRequest'; pdu: SearchRequestIn }
  | { type: 'presentRequest'; pdu: PresentRequestIn }
  | { type: 'close'; pdu: Close }
  | { type: 'other'; tag: number; referenceId?: Buffer };

function withRef<T extends { referenceId?: Buffer }>(el: BerElement, out: T): T {
  const ref = findContext(el, 2);
  if (ref) out.referenceId = readOctets(ref);
  return out;
}

function decodeInit(el: BerElement): InitRequestIn {
  const bits = readBitString(requireContext(el, 4, 'options')).bits;
  const out: InitRequestIn = {
    options: INIT_OPTIONS.filter((_, i) => bits.has(i)),
    preferredMessageSize: readSmallInteger(requireContext(el, 5, 'preferredMessageSize')),
  };
  const auth = findContext(el, 7);
  if (auth) {
    const inner = explicitInner(auth);
    out.auth = isUniversal(inner, UNIVERSAL.VISIBLE_STRING) ? 'open' : isUniversal(inner, UNIVERSAL.SEQUENCE) ? 'idPass' : isUniversal(inner, UNIVERSAL.NULL) ? 'anonymous' : 'other';
  }
  return withRef(el, out);
}

const OPERATORS = ['and', 'or', 'and-not', 'prox'] as const;

function decodeAttribute(el: BerElement): DecodedAttribute {
  const numeric = findContext(el, 121);
  const attr: DecodedAttribute = { type: readSmallInteger(requireContext(el, 120, 'attributeType')) };
  if (numeric) attr.value = readSmallInteger(numeric);
  return attr;
}

function decodeOperand(el: BerElement): DecodedRpn {
  if (el.cls === 'context' && el.tag === 102) {
    const [list, term] = el.children;
    if (!list || list.cls !== 'context' || list.tag !== 44 || !term) throw new BerError('malformed AttributesPlusTerm', 0);
    const general = term.cls === 'context' && term.tag === 45;
    return { kind: 'term', attributes: list.children.map(decodeAttribute), term: general ? readOctets(term) : Buffer.alloc(0), termKind: general ? 'general' : 'other' };
  }
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

function decodeQuery(wrapper: BerElement): DecodedQuery {
  const choice = explicitInner(wrapper);
  // type-1 [1] and type-101 [101] are both IMPLICIT RPNQuery.
  if (choice.cls !== 'context' || (choice.tag !== 1 && choice.tag !== 101)) return { kind: 'unsupported', type: choice.tag };
  const [set, structure] = choice.children;
  if (!set || !isUniversal(set, UNIVERSAL.OBJECT_IDENTIFIER) || !structure) throw new BerError('malformed RPNQuery', 0);
  return { kind: 'rpn', attributeSet: readOid(set), rpn: decodeStructure(structure) };
}

function elementSetName(el: BerElement | undefined): Buffer | undefined {
  const inner = el ? explicitInner(el) : undefined;
  return inner && inner.cls === 'context' && inner.tag === 0 ? readOctets(inner) : undefined;
}

function decodeSearch(el: BerElement): SearchRequestIn {
  const out: SearchRequestIn = {
    smallSetUpperBound: readSmallInteger(requireContext(el, 13, 'smallSetUpperBound')),
    largeSetLowerBound: readSmallInteger(requireContext(el, 14, 'largeSetLowerBound')),
    mediumSetPresentNumber: readSmallInteger(requireContext(el, 15, 'mediumSetPresentNumber')),
    resultSetName: readOctets(requireContext(el, 17, 'resultSetName')),
    databaseNames: requireContext(el, 18, 'databaseNames').children.map(readOctets),
    query: decodeQuery(requireContext(el, 21, 'query')),
  };
  readBoolean(requireContext(el, 16, 'replaceIndicator'));
  const syntax = findContext(el, 104);
  if (syntax) out.preferredRecordSyntax = readOid(syntax);
  return withRef(el, out);
}

function decodePresent(el: BerElement): PresentRequestIn {
  const out: PresentRequestIn = {
    resultSetId: readOctets(requireContext(el, 31, 'resultSetId')),
    start: readSmallInteger(requireContext(el, 30, 'resultSetStartPoint')),
    count: readSmallInteger(requireContext(el, 29, 'numberOfRecordsRequested')),
  };
  const syntax = findContext(el, 104);
  const esn = elementSetName(findContext(el, 19));
  if (syntax) out.preferredRecordSyntax = readOid(syntax);
  if (esn) out.elementSetName = esn;
  return withRef(el, out);
}

/** Decodes one whole APDU from an origin; throws BerError when it is malformed. */
export function decodeOriginPdu(bytes: Buffer): OriginPdu {
  const el = decodeBer(bytes);
  if (el.cls !== 'context' || !el.constructed) throw new BerError(`not an APDU: ${tagName(el)}`, 0);
  switch (el.tag) {
    case PDU_TAG.initRequest:
      return { type: 'initRequest', pdu: decodeInit(el) };
    case PDU_TAG.searchRequest:
      return { type: 'searchRequest', pdu: decodeSearch(el) };
    case PDU_TAG.presentRequest:
      return { type: 'presentRequest', pdu: decodePresent(el) };
    case PDU_TAG.close:
      return { type: 'close', pdu: decodeClose(el) };
    default: {
      const other: { type: 'other'; tag: number; referenceId?: Buffer } = { type: 'other', tag: el.tag };
      return withRef(el, other);
    }
  }
}
