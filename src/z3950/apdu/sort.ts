/**
 * Sort (Z39.50-2003 §3.2.7):
 * SortRequest [43]: referenceId OPT, inputResultSetNames [3] IMPLICIT SEQUENCE OF InternationalString,
 *   sortedResultSetName [4] IMPLICIT InternationalString, sortSequence [5] IMPLICIT SEQUENCE OF SortKeySpec.
 * SortKeySpec ::= SEQUENCE { sortElement SortElement, sortRelation [1] IMPLICIT INTEGER (0 asc, 1 desc,
 *   3/4 by frequency), caseSensitivity [2] IMPLICIT INTEGER, missingValueAction [3] OPT }
 * SortElement ::= CHOICE { generic [1] SortKey (explicit), databaseSpecific [2] … }
 * SortKey ::= CHOICE { privateSortKey [0] IMPLICIT InternationalString, elementSpec [1] …,
 *   sortAttributes [2] IMPLICIT SEQUENCE { id AttributeSetId, list AttributeList } }
 * SortResponse [44]: referenceId, sortStatus [3] (0 success, 1 partial-1, 2 failure),
 *   resultSetStatus [4] OPT (1 empty, 2 interim, 3 unchanged, 4 none), diagnostics [5] IMPLICIT
 *   SEQUENCE OF DiagRec OPT, resultCount [6] OPT.
 */
import { explicitInner, findContext, readOctets, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, type BerElement } from '../ber-types.ts';
import { ctxPrim, integerContent, tlv } from '../ber-writer.ts';
import { encodeDefaultDiag, type ZDiagnostic } from './diag.ts';
import { PDU_TAG } from './tags.ts';

export type SortKeyIn =
  | { kind: 'attributes'; use?: number; relation: number }
  | { kind: 'private'; field: Buffer; relation: number }
  | { kind: 'other'; relation: number };

export interface SortRequestIn {
  referenceId?: Buffer;
  inputResultSetNames: Buffer[];
  sortedResultSetName: Buffer;
  keys: SortKeyIn[];
}

function decodeKey(spec: BerElement): SortKeyIn {
  // sortElement comes first and its generic alternative is also tagged [1]: read by position.
  const [generic, ...rest] = spec.children;
  const relationEl = rest.find((c) => c.cls === 'context' && c.tag === 1);
  if (!relationEl) throw new BerError('sortRelation [1] missing in SortKeySpec', 0);
  const relation = readSmallInteger(relationEl);
  const element = generic && generic.cls === 'context' && generic.tag === 1 && generic.constructed ? explicitInner(generic) : undefined;
  if (!element) return { kind: 'other', relation };
  if (element.cls === 'context' && element.tag === 0) return { kind: 'private', field: readOctets(element), relation };
  if (element.cls === 'context' && element.tag === 2) {
    const list = findContext(element, 44);
    let use: number | undefined;
    for (const attr of list?.children ?? []) {
      const type = findContext(attr, 120);
      const value = findContext(attr, 121);
      if (type && value && readSmallInteger(type) === 1) use = readSmallInteger(value);
    }
    return use === undefined ? { kind: 'attributes', relation } : { kind: 'attributes', use, relation };
  }
  return { kind: 'other', relation };
}

export function decodeSortRequest(el: BerElement): SortRequestIn {
  return {
    inputResultSetNames: requireContext(el, 3, 'inputResultSetNames').children.map(readOctets),
    sortedResultSetName: readOctets(requireContext(el, 4, 'sortedResultSetName')),
    keys: requireContext(el, 5, 'sortSequence').children.map(decodeKey),
  };
}

export interface SortResponseOut {
  referenceId?: Buffer;
  sortStatus: 0 | 1 | 2;
  resultSetStatus?: number;
  diagnostics?: ZDiagnostic[];
  resultCount?: number;
}

export function encodeSortResponse(res: SortResponseOut, encode?: (s: string) => Buffer): Buffer {
  const parts: Buffer[] = [];
  if (res.referenceId) parts.push(ctxPrim(2, res.referenceId));
  parts.push(ctxPrim(3, integerContent(res.sortStatus)));
  if (res.resultSetStatus !== undefined) parts.push(ctxPrim(4, integerContent(res.resultSetStatus)));
  if (res.diagnostics && res.diagnostics.length > 0) parts.push(tlv('context', true, 5, res.diagnostics.map((d) => encodeDefaultDiag(d, encode))));
  if (res.resultCount !== undefined) parts.push(ctxPrim(6, integerContent(res.resultCount)));
  return tlv('context', true, PDU_TAG.sortResponse, parts);
}
