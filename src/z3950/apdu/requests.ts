/**
 * Target side: decoding the requests an origin sends (InitializeRequest [20], SearchRequest [22],
 * PresentRequest [24], ScanRequest [35], SortRequest [43], Close [48]), for the gateway's Z39.50
 * front end and the simulators. Field tags as
 * in init.ts / search.ts / present.ts / query.ts, which encode the same PDUs on the origin side.
 * The type-1 query comes back as a tree whose unsupported parts (proximity, result-set operands,
 * complex attribute values, non-general terms) are kept as markers, so the target can answer
 * them with the right bib-1 diagnostic instead of failing the whole PDU.
 */
import { decodeBer, explicitInner, findContext, isUniversal, readBitString, readBoolean, readOctets, readOid, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, UNIVERSAL, tagName, type BerElement } from '../ber-types.ts';
import type { External } from '../external.ts';
import { decodeClose, type Close } from './close.ts';
import { decodeQuery, type DecodedQuery } from './query-in.ts';
import { externalsIn } from './other-info.ts';
import { decodeScanRequest, type ScanRequestIn } from './scan-request.ts';
import { decodeSortRequest, type SortRequestIn } from './sort.ts';
import { INIT_OPTIONS, PDU_TAG, type InitOption } from './tags.ts';

export type { DecodedAttribute, DecodedQuery, DecodedRpn } from './query-in.ts';

export interface InitRequestIn {
  referenceId?: Buffer;
  options: InitOption[];
  preferredMessageSize: number;
  auth?: 'open' | 'idPass' | 'anonymous' | 'other';
  /** idPass members (raw bytes: the session charset is not known yet) or the open string. */
  credentials?: { groupId?: Buffer; userId?: Buffer; password?: Buffer; open?: Buffer };
  /** EXTERNALs of otherInfo (charset negotiation travels here). */
  otherInfo: External[];
  implementationName?: Buffer;
}

export interface SearchRequestIn {
  referenceId?: Buffer;
  smallSetUpperBound: number;
  largeSetLowerBound: number;
  mediumSetPresentNumber: number;
  resultSetName: Buffer;
  databaseNames: Buffer[];
  preferredRecordSyntax?: string;
  smallSetElementSetName?: Buffer;
  mediumSetElementSetName?: Buffer;
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
  | { type: 'scanRequest'; pdu: ScanRequestIn }
  | { type: 'sortRequest'; pdu: SortRequestIn }
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
    otherInfo: externalsIn(findContext(el, 201)),
  };
  const auth = findContext(el, 7);
  if (auth) {
    const inner = explicitInner(auth);
    out.auth = isUniversal(inner, UNIVERSAL.VISIBLE_STRING) ? 'open' : isUniversal(inner, UNIVERSAL.SEQUENCE) ? 'idPass' : isUniversal(inner, UNIVERSAL.NULL) ? 'anonymous' : 'other';
    if (out.auth === 'open') out.credentials = { open: readOctets(inner) };
    if (out.auth === 'idPass') {
      const part = (tag: number): Buffer | undefined => {
        const f = findContext(inner, tag);
        return f ? readOctets(f) : undefined;
      };
      const [groupId, userId, password] = [part(0), part(1), part(2)];
      out.credentials = { ...(groupId ? { groupId } : {}), ...(userId ? { userId } : {}), ...(password ? { password } : {}) };
    }
  }
  const name = findContext(el, 111);
  if (name) out.implementationName = readOctets(name);
  return withRef(el, out);
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
  const small = elementSetName(findContext(el, 100));
  const medium = elementSetName(findContext(el, 101));
  if (small) out.smallSetElementSetName = small;
  if (medium) out.mediumSetElementSetName = medium;
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
    case PDU_TAG.scanRequest:
      return { type: 'scanRequest', pdu: withRef(el, decodeScanRequest(el)) };
    case PDU_TAG.sortRequest:
      return { type: 'sortRequest', pdu: withRef(el, decodeSortRequest(el)) };
    case PDU_TAG.close:
      return { type: 'close', pdu: decodeClose(el) };
    default: {
      const other: { type: 'other'; tag: number; referenceId?: Buffer } = { type: 'other', tag: el.tag };
      return withRef(el, other);
    }
  }
}
