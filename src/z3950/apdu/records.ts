/**
 * Records (Z39.50-2003 §3.2.3.2, "Records"):
 *   Records ::= CHOICE { responseRecords [28] IMPLICIT SEQUENCE OF NamePlusRecord,
 *                        nonSurrogateDiagnostic [130] IMPLICIT DefaultDiagFormat,
 *                        multipleNonSurDiagnostics [205] IMPLICIT SEQUENCE OF DiagRec }
 *   NamePlusRecord ::= SEQUENCE { name [0] IMPLICIT DatabaseName OPT,
 *     record [1] CHOICE { retrievalRecord [1] EXTERNAL, surrogateDiagnostic [2] DiagRec,
 *                         startingFragment [3], intermediateFragment [4], finalFragment [5] } }
 * [1] tags an untagged CHOICE, so it is explicit; [1]/[2] inside tag EXTERNAL/DiagRec explicitly too.
 */
import { explicitInner, findContext, readOctets } from '../ber-reader.ts';
import { BerError, UNIVERSAL, tagName, type BerElement } from '../ber-types.ts';
import { ctxCons, ctxPrim, tlvNode, type TlvNode } from '../ber-writer.ts';
import { decodeExternal, externalNode, type External } from '../external.ts';
import { decodeDefaultDiag, decodeDiagRec, defaultDiagMembers, encodeDefaultDiag, type Decode, type ZDiagnostic } from './diag.ts';

export type RecordBody =
  | { kind: 'retrieval'; external: External }
  | { kind: 'surrogate'; diagnostic: ZDiagnostic }
  /** Segmentation fragments (level 2, never requested by us): kept undecoded. */
  | { kind: 'fragment'; element: BerElement };

export interface NamePlusRecord {
  databaseName?: string;
  record: RecordBody;
}

export type Records = { kind: 'records'; records: NamePlusRecord[] } | { kind: 'diagnostics'; diagnostics: ZDiagnostic[] };

const utf8: Decode = (b) => b.toString('utf8');

function decodeNamePlusRecord(el: BerElement, decode: Decode = utf8): NamePlusRecord {
  const name = findContext(el, 0);
  const wrapper = findContext(el, 1);
  if (!wrapper) throw new BerError('NamePlusRecord without record [1]', 0);
  const choice = explicitInner(wrapper);
  let record: RecordBody;
  if (choice.cls === 'context' && choice.tag === 1) record = { kind: 'retrieval', external: decodeExternal(explicitInner(choice)) };
  else if (choice.cls === 'context' && choice.tag === 2) record = { kind: 'surrogate', diagnostic: decodeDiagRec(explicitInner(choice), decode) };
  else if (choice.cls === 'context' && choice.tag >= 3 && choice.tag <= 5) record = { kind: 'fragment', element: choice };
  else throw new BerError(`unexpected ${tagName(choice)} in NamePlusRecord.record`, 0);
  const out: NamePlusRecord = { record };
  if (name) out.databaseName = decode(readOctets(name));
  return out;
}

/** Finds and decodes the Records member of a Search or Present response, if any. */
export function decodeRecordsIn(pdu: BerElement, decode: Decode = utf8): Records | undefined {
  const list = findContext(pdu, 28);
  if (list) return { kind: 'records', records: list.children.map((c) => decodeNamePlusRecord(c, decode)) };
  const single = findContext(pdu, 130);
  if (single) return { kind: 'diagnostics', diagnostics: [decodeDefaultDiag(single, decode)] };
  const multiple = findContext(pdu, 205);
  if (multiple) return { kind: 'diagnostics', diagnostics: multiple.children.map((c) => decodeDiagRec(c, decode)) };
  return undefined;
}

/** Target side (test peers, the front end): the Records member of a Search or Present response, written with it (see TlvNode). */
export function recordsNode(records: Records, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): TlvNode {
  if (records.kind === 'diagnostics') {
    if (records.diagnostics.length === 1) {
      // [130] IMPLICIT DefaultDiagFormat: the SEQUENCE's members under tag 130.
      return tlvNode('context', true, 130, defaultDiagMembers(records.diagnostics[0]!, encode));
    }
    return tlvNode('context', true, 205, records.diagnostics.map((d) => encodeDefaultDiag(d, encode)));
  }
  return tlvNode(
    'context',
    true,
    28,
    records.records.map((r) => {
      const parts: (Buffer | TlvNode)[] = [];
      if (r.databaseName !== undefined) parts.push(ctxPrim(0, encode(r.databaseName)));
      const body = r.record;
      if (body.kind === 'retrieval') parts.push(tlvNode('context', true, 1, [tlvNode('context', true, 1, [externalNode(body.external)])]));
      else if (body.kind === 'surrogate') parts.push(ctxCons(1, ctxCons(2, encodeDefaultDiag(body.diagnostic, encode))));
      else parts.push(ctxCons(1, body.element.raw));
      return tlvNode('universal', true, UNIVERSAL.SEQUENCE, parts);
    }),
  );
}
