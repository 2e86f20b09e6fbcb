/**
 * Dispatch on the PDU CHOICE tag (Z39.50-2003 §3.1) for the PDUs an origin receives.
 * Anything else (Scan/Sort responses, resource control…) comes back as 'other' so the
 * session can report a protocol error instead of misreading it.
 */
import { decodeBer } from '../ber-reader.ts';
import type { BerElement } from '../ber-types.ts';
import { decodeClose, type Close } from './close.ts';
import type { Decode } from './diag.ts';
import { decodeInitResponse, type InitResponse } from './init.ts';
import { decodePresentResponse, type PresentResponse } from './present.ts';
import { decodeSearchResponse, type SearchResponse } from './search.ts';
import { PDU_TAG } from './tags.ts';

export type IncomingPdu =
  | { type: 'initResponse'; pdu: InitResponse }
  | { type: 'searchResponse'; pdu: SearchResponse }
  | { type: 'presentResponse'; pdu: PresentResponse }
  | { type: 'close'; pdu: Close }
  | { type: 'other'; tag: number; element: BerElement };

export function decodeIncomingPdu(bytes: Buffer, decode?: Decode): IncomingPdu {
  const el = decodeBer(bytes);
  if (el.cls === 'context' && el.constructed) {
    switch (el.tag) {
      case PDU_TAG.initResponse:
        return { type: 'initResponse', pdu: decodeInitResponse(el, decode) };
      case PDU_TAG.searchResponse:
        return { type: 'searchResponse', pdu: decodeSearchResponse(el, decode) };
      case PDU_TAG.presentResponse:
        return { type: 'presentResponse', pdu: decodePresentResponse(el, decode) };
      case PDU_TAG.close:
        return { type: 'close', pdu: decodeClose(el, decode) };
    }
  }
  return { type: 'other', tag: el.tag, element: el };
}

export const PDU_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(PDU_TAG).map(([k, v]) => [v, k]));
