/**
 * Target side of Scan (Z39.50-2003 §3.2.8.1):
 * ScanRequest [35]: referenceId [2] OPT, databaseNames [3] IMPLICIT SEQUENCE OF DatabaseName,
 *   attributeSet OID OPT, termListAndStartPoint AttributesPlusTerm [102], stepSize [5] OPT,
 *   numberOfTermsRequested [6], preferredPositionInResponse [7] OPT.
 * ScanResponse [36]: referenceId, stepSize [3] OPT, scanStatus [4] (0 success … 6 failure),
 *   numberOfEntriesReturned [5], positionOfTerm [6] OPT, entries [7] IMPLICIT ListEntries OPT,
 *   attributeSet [8] OPT.  ListEntries ::= SEQUENCE { entries [1] IMPLICIT SEQUENCE OF Entry OPT,
 *   nonsurrogateDiagnostics [2] IMPLICIT SEQUENCE OF DiagRec OPT };
 *   Entry ::= CHOICE { termInfo [1] IMPLICIT TermInfo, surrogateDiagnostic [2] DiagRec (explicit) };
 *   TermInfo ::= SEQUENCE { term Term, displayTerm [0] IMPLICIT InternationalString OPT, …,
 *   globalOccurrences [2] IMPLICIT INTEGER OPT, … }.
 */
import { findContext, isUniversal, readOctets, readOid, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, UNIVERSAL, type BerElement } from '../ber-types.ts';
import { ctxCons, ctxPrim, integerContent, oidContent, tlv } from '../ber-writer.ts';
import { encodeDefaultDiag, type ZDiagnostic } from './diag.ts';
import { decodeAttributesPlusTerm, type DecodedRpn } from './query-in.ts';
import { PDU_TAG } from './tags.ts';

export interface ScanRequestIn {
  referenceId?: Buffer;
  databaseNames: Buffer[];
  attributeSet?: string;
  start: Extract<DecodedRpn, { kind: 'term' }>;
  stepSize: number;
  numberOfTermsRequested: number;
  preferredPositionInResponse: number;
}

export function decodeScanRequest(el: BerElement): ScanRequestIn {
  const set = el.children.find((c) => isUniversal(c, UNIVERSAL.OBJECT_IDENTIFIER));
  const apt = findContext(el, 102);
  if (!apt) throw new BerError('termListAndStartPoint [102] missing in ScanRequest', 0);
  const step = findContext(el, 5);
  const position = findContext(el, 7);
  const out: ScanRequestIn = {
    databaseNames: requireContext(el, 3, 'databaseNames').children.map(readOctets),
    start: decodeAttributesPlusTerm(apt),
    stepSize: step ? readSmallInteger(step) : 0,
    numberOfTermsRequested: readSmallInteger(requireContext(el, 6, 'numberOfTermsRequested')),
    preferredPositionInResponse: position ? readSmallInteger(position) : 1,
  };
  if (set) out.attributeSet = readOid(set);
  return out;
}

interface ScanEntryOut {
  term: string;
  displayTerm?: string;
  globalOccurrences?: number;
}

export interface ScanResponseOut {
  referenceId?: Buffer;
  scanStatus: number;
  entries: ScanEntryOut[];
  positionOfTerm?: number;
  diagnostics?: ZDiagnostic[];
}

export function encodeScanResponse(res: ScanResponseOut, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): Buffer {
  const parts: Buffer[] = [];
  if (res.referenceId) parts.push(ctxPrim(2, res.referenceId));
  parts.push(ctxPrim(3, integerContent(0)), ctxPrim(4, integerContent(res.scanStatus)), ctxPrim(5, integerContent(res.entries.length)));
  if (res.positionOfTerm !== undefined) parts.push(ctxPrim(6, integerContent(res.positionOfTerm)));
  const list: Buffer[] = [];
  if (res.entries.length > 0) {
    const entries = res.entries.map((e) => {
      const info = [ctxPrim(45, encode(e.term))];
      if (e.displayTerm !== undefined) info.push(ctxPrim(0, encode(e.displayTerm)));
      if (e.globalOccurrences !== undefined) info.push(ctxPrim(2, integerContent(e.globalOccurrences)));
      return tlv('context', true, 1, info);
    });
    list.push(tlv('context', true, 1, entries));
  }
  if (res.diagnostics && res.diagnostics.length > 0) list.push(tlv('context', true, 2, res.diagnostics.map((d) => encodeDefaultDiag(d, encode))));
  if (list.length > 0) parts.push(ctxCons(7, ...list));
  parts.push(ctxPrim(8, oidContent('1.2.840.10003.3.1')));
  return tlv('context', true, PDU_TAG.scanResponse, parts);
}
