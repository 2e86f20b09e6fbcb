/**
 * Diagnostics (Z39.50-2003 §3.2.2.1.4 and Appendix 3):
 *   DiagRec ::= CHOICE { defaultFormat DefaultDiagFormat, externallyDefined EXTERNAL }
 *   DefaultDiagFormat ::= SEQUENCE { diagnosticSetId OID, condition INTEGER,
 *       addinfo CHOICE { v2Addinfo VisibleString, v3Addinfo InternationalString } }
 * and the diag-1 format (OID 1.2.840.10003.4.2) that YAZ-style targets put in an
 * Init response's userInformationField:
 *   DiagnosticFormat ::= SEQUENCE OF SEQUENCE { diagnostic [1] CHOICE {
 *       defaultDiagRec [1] IMPLICIT DefaultDiagFormat, explicitDiagnostic [2] DiagFormat } OPT,
 *     message [2] IMPLICIT InternationalString OPT }
 */
import type { Diagnostic } from '../../diagnostics.ts';
import { bib1Message } from '../bib1-messages.ts';
import { decodeBer, explicitInner, findContext, isUniversal, readOctets, readOid, readSmallInteger } from '../ber-reader.ts';
import { BerError, UNIVERSAL, tagName, type BerElement } from '../ber-types.ts';
import { generalString, sequence, tlv, universalInteger, universalOid } from '../ber-writer.ts';
import { decodeExternal, type External } from '../external.ts';
import { OID } from '../oids.ts';

export interface ZDiagnostic {
  diagnosticSetId?: string;
  condition: number;
  addinfo?: string;
}

export type Decode = (bytes: Buffer) => string;
const utf8: Decode = (b) => b.toString('utf8');

export function decodeDefaultDiag(el: BerElement, decode: Decode = utf8): ZDiagnostic {
  // Members are untagged universals, in order: OID, INTEGER, then one of two strings.
  const [setEl, condEl, addEl] = el.children;
  if (!setEl || !isUniversal(setEl, UNIVERSAL.OBJECT_IDENTIFIER) || !condEl || !isUniversal(condEl, UNIVERSAL.INTEGER)) {
    throw new BerError(`malformed DefaultDiagFormat ${tagName(el)}`, 0);
  }
  const diag: ZDiagnostic = { diagnosticSetId: readOid(setEl), condition: readSmallInteger(condEl) };
  if (addEl) {
    // v2Addinfo is VisibleString (ASCII); v3Addinfo GeneralString in the session charset.
    const bytes = readOctets(addEl);
    diag.addinfo = isUniversal(addEl, UNIVERSAL.VISIBLE_STRING) ? bytes.toString('latin1') : decode(bytes);
  }
  return diag;
}

/** DiagRec CHOICE: a DefaultDiagFormat SEQUENCE, or an EXTERNAL (usually diag-1). */
export function decodeDiagRec(el: BerElement, decode: Decode = utf8): ZDiagnostic {
  if (isUniversal(el, UNIVERSAL.SEQUENCE)) return decodeDefaultDiag(el, decode);
  if (isUniversal(el, UNIVERSAL.EXTERNAL)) {
    const found = diagnosticsFromExternal(decodeExternal(el), decode);
    return found[0] ?? { condition: 100, addinfo: `externally defined diagnostic ${decodeExternal(el).directReference ?? ''}`.trim() };
  }
  throw new BerError(`unexpected ${tagName(el)} for DiagRec`, 0);
}

/** Diagnostics carried by an EXTERNAL (diag-1 DiagnosticFormat); empty when it is something else. */
export function diagnosticsFromExternal(ext: External, decode: Decode = utf8): ZDiagnostic[] {
  if (ext.directReference !== OID.DIAG1_FORMAT || ext.encoding.kind !== 'single-ASN1-type') return [];
  const out: ZDiagnostic[] = [];
  for (const item of ext.encoding.element.children) {
    const choice = findContext(item, 1);
    const message = findContext(item, 2);
    const inner = choice ? explicitInner(choice) : undefined;
    if (inner && inner.cls === 'context' && inner.tag === 1) {
      const d = decodeDefaultDiag(inner, decode);
      if (d.addinfo === undefined && message) d.addinfo = decode(readOctets(message));
      out.push(d);
    } else if (inner) {
      // explicitDiagnostic [2] DiagFormat: structured forms (tooMany, dbUnavail…) we report generically.
      out.push({ diagnosticSetId: OID.DIAG1_FORMAT, condition: 100, addinfo: message ? decode(readOctets(message)) : 'diag-1 explicit diagnostic' });
    } else if (message) {
      out.push({ condition: 100, addinfo: decode(readOctets(message)) });
    }
  }
  return out;
}

/** Encoder (used by test targets and round trips): DefaultDiagFormat with a v3 addinfo. */
export function defaultDiagMembers(d: ZDiagnostic, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): Buffer[] {
  const parts = [universalOid(d.diagnosticSetId ?? OID.BIB1_DIAGNOSTICS), universalInteger(d.condition)];
  if (d.addinfo !== undefined) parts.push(generalString(encode(d.addinfo)));
  return parts;
}

export function encodeDefaultDiag(d: ZDiagnostic, encode?: (s: string) => Buffer): Buffer {
  return sequence(...defaultDiagMembers(d, encode));
}

/** The gateway's Diagnostic: bib-1 code and message; a foreign set is named in addinfo. */
export function toDiagnostic(d: ZDiagnostic): Diagnostic {
  const foreign = d.diagnosticSetId !== undefined && d.diagnosticSetId !== OID.BIB1_DIAGNOSTICS && d.diagnosticSetId !== OID.DIAG1_FORMAT;
  const diagnostic: Diagnostic = { source: 'bib1', code: String(d.condition), message: bib1Message(d.condition) };
  const addinfo = foreign ? `[diagnostic set ${d.diagnosticSetId}] ${d.addinfo ?? ''}`.trim() : d.addinfo;
  if (addinfo !== undefined && addinfo !== '') diagnostic.addinfo = addinfo;
  return diagnostic;
}

/** A diag-1 DiagnosticFormat EXTERNAL holding one bib-1 diagnostic (an Init refusal's userInformationField). */
export function encodeDiag1External(d: ZDiagnostic, encode?: (s: string) => Buffer): External {
  const item = sequence(tlv('context', true, 1, [tlv('context', true, 1, defaultDiagMembers(d, encode))]));
  return { directReference: OID.DIAG1_FORMAT, encoding: { kind: 'single-ASN1-type', element: decodeBer(sequence(item)) } };
}
