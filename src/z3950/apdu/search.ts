/**
 * SearchRequest [22] / SearchResponse [23] (Z39.50-2003 §3.2.2.1):
 * request: referenceId [2] OPT, smallSetUpperBound [13], largeSetLowerBound [14],
 *   mediumSetPresentNumber [15] (IMPLICIT INTEGER), replaceIndicator [16] IMPLICIT BOOLEAN,
 *   resultSetName [17] IMPLICIT InternationalString, databaseNames [18] IMPLICIT SEQUENCE OF DatabaseName([105]),
 *   smallSetElementSetNames [100] / mediumSetElementSetNames [101] ElementSetNames (explicit, OPT),
 *   preferredRecordSyntax [104] IMPLICIT OID OPT, query [21] Query (explicit).
 * response: resultCount [23], numberOfRecordsReturned [24], nextResultSetPosition [25],
 *   searchStatus [22] BOOLEAN, resultSetStatus [26] OPT, presentStatus [27] OPT, records OPT.
 */
import { findContext, readBoolean, readInteger, readOctets, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, type BerElement, type BerInteger } from '../ber-types.ts';
import { booleanContent, ctxCons, ctxPrim, integerContent, oidContent, tlv, type TlvNode } from '../ber-writer.ts';
import type { Decode } from './diag.ts';
import { encodeQuery, type RpnQuery } from './query.ts';
import { encodeOtherInfo, textsIn, type OtherInfoItem } from './other-info.ts';
import { decodeRecordsIn, recordsNode, type Records } from './records.ts';
import { PDU_TAG } from './tags.ts';

type Encode = (s: string) => Buffer;
const utf8: Encode = (s) => Buffer.from(s, 'utf8');

export interface SearchRequest {
  referenceId?: Buffer;
  smallSetUpperBound: number;
  largeSetLowerBound: number;
  mediumSetPresentNumber: number;
  replaceIndicator: boolean;
  resultSetName: string;
  databaseNames: string[];
  smallSetElementSetName?: string;
  mediumSetElementSetName?: string;
  preferredRecordSyntax?: string;
  query: RpnQuery;
}

export interface SearchResponse {
  referenceId?: Buffer;
  resultCount: BerInteger;
  numberOfRecordsReturned: number;
  nextResultSetPosition: number;
  searchStatus: boolean;
  /** 1 subset, 2 interim, 3 none, 4 estimate (§3.2.2.1.8); sent only when searchStatus is FALSE. */
  resultSetStatus?: number;
  presentStatus?: number;
  records?: Records;
  /** [203] IMPLICIT OtherInformation: the front end's per-library report (decoded: its text items). */
  additionalSearchInfo?: OtherInfoItem[];
}

/** ElementSetNames.genericElementSetName [0] IMPLICIT InternationalString, under an explicit tag. */
export function elementSetNames(tag: number, name: string, encode: Encode): Buffer {
  return ctxCons(tag, ctxPrim(0, encode(name)));
}

export function encodeSearchRequest(req: SearchRequest, encode: Encode = utf8): Buffer {
  const parts: Buffer[] = [];
  if (req.referenceId) parts.push(ctxPrim(2, req.referenceId));
  parts.push(
    ctxPrim(13, integerContent(req.smallSetUpperBound)),
    ctxPrim(14, integerContent(req.largeSetLowerBound)),
    ctxPrim(15, integerContent(req.mediumSetPresentNumber)),
    ctxPrim(16, booleanContent(req.replaceIndicator)),
    ctxPrim(17, encode(req.resultSetName)),
    ctxCons(18, ...req.databaseNames.map((db) => ctxPrim(105, encode(db)))),
  );
  if (req.smallSetElementSetName !== undefined) parts.push(elementSetNames(100, req.smallSetElementSetName, encode));
  if (req.mediumSetElementSetName !== undefined) parts.push(elementSetNames(101, req.mediumSetElementSetName, encode));
  if (req.preferredRecordSyntax !== undefined) parts.push(ctxPrim(104, oidContent(req.preferredRecordSyntax)));
  parts.push(ctxCons(21, encodeQuery(req.query)));
  return tlv('context', true, PDU_TAG.searchRequest, parts);
}

export function decodeSearchResponse(el: BerElement, decode?: Decode): SearchResponse {
  if (el.cls !== 'context' || el.tag !== PDU_TAG.searchResponse) throw new BerError('not a SearchResponse', 0);
  const res: SearchResponse = {
    resultCount: readInteger(requireContext(el, 23, 'resultCount')),
    numberOfRecordsReturned: readSmallInteger(requireContext(el, 24, 'numberOfRecordsReturned')),
    nextResultSetPosition: readSmallInteger(requireContext(el, 25, 'nextResultSetPosition')),
    searchStatus: readBoolean(requireContext(el, 22, 'searchStatus')),
  };
  const ref = findContext(el, 2);
  const rss = findContext(el, 26);
  const ps = findContext(el, 27);
  if (ref) res.referenceId = readOctets(ref);
  if (rss) res.resultSetStatus = readSmallInteger(rss);
  if (ps) res.presentStatus = readSmallInteger(ps);
  const records = decodeRecordsIn(el, decode);
  if (records) res.records = records;
  const info = textsIn(findContext(el, 203));
  if (info.length > 0) res.additionalSearchInfo = info.map((text) => ({ kind: 'text', text }));
  return res;
}

/** Target side, for test peers and round trips. */
export function encodeSearchResponse(res: SearchResponse, encode?: Encode): Buffer {
  const parts: (Buffer | TlvNode)[] = [];
  if (res.referenceId) parts.push(ctxPrim(2, res.referenceId));
  parts.push(
    ctxPrim(23, integerContent(res.resultCount)),
    ctxPrim(24, integerContent(res.numberOfRecordsReturned)),
    ctxPrim(25, integerContent(res.nextResultSetPosition)),
    ctxPrim(22, booleanContent(res.searchStatus)),
  );
  if (res.resultSetStatus !== undefined) parts.push(ctxPrim(26, integerContent(res.resultSetStatus)));
  if (res.presentStatus !== undefined) parts.push(ctxPrim(27, integerContent(res.presentStatus)));
  if (res.records) parts.push(recordsNode(res.records, encode));
  if (res.additionalSearchInfo && res.additionalSearchInfo.length > 0) parts.push(encodeOtherInfo(res.additionalSearchInfo, 203, encode));
  return tlv('context', true, PDU_TAG.searchResponse, parts);
}
