/**
 * ScanRequest [35] (Z39.50-2003 §3.2.8.1): referenceId [2] OPT, databaseNames [3] IMPLICIT SEQUENCE OF
 * DatabaseName, attributeSet OID OPT, termListAndStartPoint AttributesPlusTerm, stepSize [5] OPT,
 * numberOfTermsRequested [6], preferredPositionInResponse [7] OPT.
 * The gateway does not browse indexes; this encoder exists so tests can send a real Scan
 * (yaz-ztest's session process exits on it, our "peer dropped" case).
 */
import { ctxPrim, integerContent, tlv, universalOid } from '../ber-writer.ts';
import { OID } from '../oids.ts';
import { PDU_TAG } from './tags.ts';

export function encodeScanRequest(databaseNames: string[], term: string, count = 10): Buffer {
  const attributes = tlv('context', true, 44, []);
  const apt = tlv('context', true, 102, [attributes, ctxPrim(45, Buffer.from(term, 'utf8'))]);
  return tlv('context', true, PDU_TAG.scanRequest, [
    tlv('context', true, 3, databaseNames.map((db) => ctxPrim(105, Buffer.from(db, 'utf8')))),
    universalOid(OID.BIB1_ATTRIBUTES),
    apt,
    ctxPrim(6, integerContent(count)),
    ctxPrim(7, integerContent(1)),
  ]);
}
