/**
 * Character-set negotiation, version 3 (OID 1.2.840.10003.15.3; Z39.50-2003 Appendix 16,
 * module NegotiationRecordDefinition-charSetandLanguageNegotiation-3, IMPLICIT TAGS):
 *   CharSetandLanguageNegotiation ::= CHOICE { proposal [1] OriginProposal, response [2] TargetResponse }
 *   OriginProposal ::= SEQUENCE { proposedCharSets [1] SEQUENCE OF CHOICE { iso2022 [1], iso10646 [2] Iso10646,
 *       private [3] PrivateCharacterSet } OPT, proposedlanguages [2] OPT, recordsInSelectedCharSets [3] BOOLEAN OPT }
 *   TargetResponse ::= SEQUENCE { selectedCharSets [1] CHOICE {…, none [4] NULL} OPT,
 *       selectedLanguage [2] OPT, recordsInSelectedCharSets [3] BOOLEAN OPT }
 *   Iso10646 ::= SEQUENCE { collections [1] OID OPT, encodingLevel [2] OID }
 * YAZ names other charsets as private.externallySpecified [2] EXTERNAL (octet-aligned name).
 */
import { decodeBer, findContext, readBoolean, readOid } from '../ber-reader.ts';
import { BerError, type BerElement } from '../ber-types.ts';
import { booleanContent, ctxCons, ctxPrim, oidContent, tlv } from '../ber-writer.ts';
import { decodeExternal, type External } from '../external.ts';
import { OID } from '../oids.ts';

/** ISO 10646 encoding level UTF-8. */
const UTF8_ENCODING_LEVEL = '1.0.10646.1.0.8';

export interface CharsetProposal {
  /** Lower-case names: 'utf-8' for ISO 10646 UTF-8, the private name otherwise, 'iso2022' for ISO 2022 proposals. */
  charsets: string[];
  recordsInSelectedCharSets?: boolean;
}

function proposedName(choice: BerElement): string {
  if (choice.cls === 'context' && choice.tag === 2) {
    const level = findContext(choice, 2);
    const oid = level ? readOid(level) : '';
    return oid === UTF8_ENCODING_LEVEL ? 'utf-8' : `iso10646:${oid}`;
  }
  if (choice.cls === 'context' && choice.tag === 3) {
    // PrivateCharacterSet ::= CHOICE { viaOid [1] SEQUENCE OF OID, externallySpecified [2] EXTERNAL, previouslyAgreedUpon [3] NULL }
    const inner = choice.children[0];
    if (inner && inner.cls === 'context' && inner.tag === 2) {
      const ext = decodeExternal(inner);
      if (ext.encoding.kind === 'octet-aligned') return ext.encoding.bytes.toString('latin1').trim().toLowerCase();
    }
    return 'private';
  }
  return 'iso2022';
}

/** The proposal in a charset-negotiation EXTERNAL; undefined when it is a response or another record. */
export function decodeCharsetProposal(ext: External): CharsetProposal | undefined {
  if (ext.directReference !== OID.CHARSET_NEGOTIATION_3 || ext.encoding.kind !== 'single-ASN1-type') return undefined;
  const choice = ext.encoding.element;
  if (choice.cls !== 'context' || choice.tag !== 1) return undefined;
  const sets = findContext(choice, 1);
  const records = findContext(choice, 3);
  if (sets && !sets.constructed) throw new BerError('proposedCharSets must be constructed', 0);
  const out: CharsetProposal = { charsets: (sets?.children ?? []).map(proposedName) };
  if (records) out.recordsInSelectedCharSets = readBoolean(records);
  return out;
}

/** The target's answer: UTF-8 selected, or none [4] when nothing proposed is served. */
export function encodeCharsetResponse(selected: 'utf-8' | 'none', recordsInSelectedCharSets: boolean): External {
  const choice = selected === 'utf-8' ? tlv('context', true, 2, [ctxPrim(2, oidContent(UTF8_ENCODING_LEVEL))]) : ctxPrim(4, Buffer.alloc(0));
  const response = tlv('context', true, 2, [ctxCons(1, choice), ctxPrim(3, booleanContent(recordsInSelectedCharSets))]);
  return { directReference: OID.CHARSET_NEGOTIATION_3, encoding: { kind: 'single-ASN1-type', element: decodeBer(response) } };
}

/** The origin's proposal: UTF-8 (ISO 10646), records in it too (what YAZ clients send with `charset UTF-8`). */
export function encodeUtf8Proposal(): External {
  const utf8 = tlv('context', true, 2, [ctxPrim(2, oidContent(UTF8_ENCODING_LEVEL))]);
  const proposal = tlv('context', true, 1, [ctxCons(1, utf8), ctxPrim(3, booleanContent(true))]);
  return { directReference: OID.CHARSET_NEGOTIATION_3, encoding: { kind: 'single-ASN1-type', element: decodeBer(proposal) } };
}

/** Whether an EXTERNAL is a target's charset-negotiation response (whatever it selected, none included). */
export function isCharsetResponse(ext: External): boolean {
  if (ext.directReference !== OID.CHARSET_NEGOTIATION_3 || ext.encoding.kind !== 'single-ASN1-type') return false;
  const choice = ext.encoding.element;
  return choice.cls === 'context' && choice.tag === 2;
}
