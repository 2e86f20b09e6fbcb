/**
 * PresentRequest [24] / PresentResponse [25] (Z39.50-2003 §3.2.3.1):
 * request: referenceId [2] OPT, resultSetId [31] IMPLICIT InternationalString,
 *   resultSetStartPoint [30] (1-based), numberOfRecordsRequested [29],
 *   recordComposition CHOICE { simple [19] ElementSetNames (explicit), complex [209] } OPT,
 *   preferredRecordSyntax [104] IMPLICIT OID OPT.
 * response: numberOfRecordsReturned [24], nextResultSetPosition [25],
 *   presentStatus [27] (0 success, 1-4 partial, 5 failure), records OPT.
 */
import { findContext, readOctets, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, type BerElement } from '../ber-types.ts';
import { ctxPrim, integerContent, oidContent, tlv, type TlvNode } from '../ber-writer.ts';
import type { Decode } from './diag.ts';
import { decodeRecordsIn, recordsNode, type Records } from './records.ts';
import { elementSetNames } from './search.ts';
import { PDU_TAG } from './tags.ts';

type Encode = (s: string) => Buffer;
const utf8: Encode = (s) => Buffer.from(s, 'utf8');

export interface PresentRequest {
  referenceId?: Buffer;
  resultSetId: string;
  start: number;
  count: number;
  elementSetName?: string;
  preferredRecordSyntax?: string;
}

export interface PresentResponse {
  referenceId?: Buffer;
  numberOfRecordsReturned: number;
  nextResultSetPosition: number;
  /** 0 success, 1–4 partial, 5 failure (§3.2.3.1.5). */
  presentStatus: number;
  records?: Records;
}

export function encodePresentRequest(req: PresentRequest, encode: Encode = utf8): Buffer {
  const parts: Buffer[] = [];
  if (req.referenceId) parts.push(ctxPrim(2, req.referenceId));
  parts.push(ctxPrim(31, encode(req.resultSetId)), ctxPrim(30, integerContent(req.start)), ctxPrim(29, integerContent(req.count)));
  if (req.elementSetName !== undefined) parts.push(elementSetNames(19, req.elementSetName, encode));
  if (req.preferredRecordSyntax !== undefined) parts.push(ctxPrim(104, oidContent(req.preferredRecordSyntax)));
  return tlv('context', true, PDU_TAG.presentRequest, parts);
}

export function decodePresentResponse(el: BerElement, decode?: Decode): PresentResponse {
  if (el.cls !== 'context' || el.tag !== PDU_TAG.presentResponse) throw new BerError('not a PresentResponse', 0);
  const res: PresentResponse = {
    numberOfRecordsReturned: readSmallInteger(requireContext(el, 24, 'numberOfRecordsReturned')),
    nextResultSetPosition: readSmallInteger(requireContext(el, 25, 'nextResultSetPosition')),
    presentStatus: readSmallInteger(requireContext(el, 27, 'presentStatus')),
  };
  const ref = findContext(el, 2);
  if (ref) res.referenceId = readOctets(ref);
  const records = decodeRecordsIn(el, decode);
  if (records) res.records = records;
  return res;
}

/** Target side, for test peers and round trips. */
export function encodePresentResponse(res: PresentResponse, encode?: Encode): Buffer {
  const parts: (Buffer | TlvNode)[] = [];
  if (res.referenceId) parts.push(ctxPrim(2, res.referenceId));
  parts.push(
    ctxPrim(24, integerContent(res.numberOfRecordsReturned)),
    ctxPrim(25, integerContent(res.nextResultSetPosition)),
    ctxPrim(27, integerContent(res.presentStatus)),
  );
  if (res.records) parts.push(recordsNode(res.records, encode));
  return tlv('context', true, PDU_TAG.presentResponse, parts);
}
