/**
 * Close [48] (Z39.50-2003 §3.2.11.1): referenceId [2] OPT, closeReason [211] IMPLICIT INTEGER,
 * diagnosticInformation [3] IMPLICIT InternationalString OPT, resourceReportFormat [4] OPT,
 * resourceReport [5] OPT, otherInfo OPT. Either side sends it; the receiver answers with a Close.
 */
import { findContext, readOctets, readSmallInteger, requireContext } from '../ber-reader.ts';
import { BerError, type BerElement } from '../ber-types.ts';
import { ctxPrim, integerContent, tlv } from '../ber-writer.ts';
import type { Decode } from './diag.ts';
import { CLOSE_REASONS, PDU_TAG, type CloseReason } from './tags.ts';

export interface Close {
  referenceId?: Buffer;
  closeReason: CloseReason | number;
  diagnosticInformation?: string;
}

export function encodeClose(close: Close, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): Buffer {
  const reason = typeof close.closeReason === 'number' ? close.closeReason : CLOSE_REASONS.indexOf(close.closeReason);
  const parts: Buffer[] = [];
  if (close.referenceId) parts.push(ctxPrim(2, close.referenceId));
  parts.push(ctxPrim(211, integerContent(reason)));
  if (close.diagnosticInformation !== undefined) parts.push(ctxPrim(3, encode(close.diagnosticInformation)));
  return tlv('context', true, PDU_TAG.close, parts);
}

export function decodeClose(el: BerElement, decode: Decode = (b) => b.toString('utf8')): Close {
  if (el.cls !== 'context' || el.tag !== PDU_TAG.close) throw new BerError('not a Close', 0);
  const code = readSmallInteger(requireContext(el, 211, 'closeReason'));
  const close: Close = { closeReason: CLOSE_REASONS[code] ?? code };
  const ref = findContext(el, 2);
  const info = findContext(el, 3);
  if (ref) close.referenceId = readOctets(ref);
  if (info) close.diagnosticInformation = decode(readOctets(info));
  return close;
}
