/**
 * The adapter's one place that looks inside retrieved records: a NamePlusRecord becomes
 * { syntax, bytes | xml | opac | text } or a per-record diagnostic. Always trusts the
 * record's own direct-reference, never the syntax we asked for (targets ignore
 * preferredRecordSyntax, and CNMARC arrives under the UNIMARC OID).
 */
import type { Diagnostic } from '../../src/diagnostics.ts';
import type { TextCodec } from '../../src/adapter-api/text-codec.ts';
import { toDiagnostic } from '../../src/z3950/apdu/diag.ts';
import { decodeOpacRecord, type OpacRecord } from '../../src/z3950/apdu/opac.ts';
import type { NamePlusRecord } from '../../src/z3950/apdu/records.ts';
import { BerError } from '../../src/z3950/ber-types.ts';
import type { External } from '../../src/z3950/external.ts';
import { syntaxOfOid } from '../../src/z3950/oids.ts';

interface RecordBase {
  /** 1-based position in the result set. */
  position: number;
  database?: string;
  /** direct-reference of the EXTERNAL. */
  oid?: string;
}

export type ExtractedRecord = RecordBase &
  (
    | { syntax: 'usmarc' | 'unimarc'; bytes: Buffer }
    | { syntax: 'xml'; xml: string; bytes: Buffer }
    /** `redecode` reads the holdings' strings again in another charset (the one the bibliographic record turned out to be in). */
    | { syntax: 'opac'; opac: OpacRecord; redecode: (decode: (bytes: Buffer) => string) => OpacRecord }
    | { syntax: 'sutrs'; text: string }
  );

export type RecordOutcome = { ok: true; record: ExtractedRecord } | { ok: false; diagnostic: Diagnostic };

function recordDiagnostic(code: string, message: string, addinfo?: string): Diagnostic {
  return addinfo === undefined ? { source: 'record', code, message } : { source: 'record', code, message, addinfo };
}

/** XML declares its own encoding (XML 1.0 §4.3.3); without a declaration it is UTF-8. */
export function decodeXml(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8'); // unknown label: UTF-8 is the XML default
  }
}

function octets(ext: External): Buffer | undefined {
  return ext.encoding.kind === 'octet-aligned' ? ext.encoding.bytes : undefined;
}

/**
 * The record with its position, database and OID. Written out rather than spread from a base
 * object: the spread was most of extracting a record (the path every retrieved record takes).
 */
function located<R extends ExtractedRecord>(record: R, npr: NamePlusRecord, ext: External): R {
  if (npr.databaseName !== undefined) record.database = npr.databaseName;
  if (ext.directReference !== undefined) record.oid = ext.directReference;
  return record;
}

export function extractRecord(npr: NamePlusRecord, position: number, codec: TextCodec): RecordOutcome {
  const body = npr.record;
  if (body.kind === 'surrogate') {
    const d = toDiagnostic(body.diagnostic);
    return { ok: false, diagnostic: { ...d, addinfo: `record ${position}${d.addinfo ? `: ${d.addinfo}` : ''}` } };
  }
  if (body.kind === 'fragment') return { ok: false, diagnostic: recordDiagnostic('segmented-record', `record ${position} arrived segmented, which the gateway does not request`) };
  const ext = body.external;
  const syntax = syntaxOfOid(ext.directReference);
  const bytes = octets(ext);
  switch (syntax) {
    case 'usmarc':
    case 'unimarc':
      if (bytes) return { ok: true, record: located({ position, syntax, bytes }, npr, ext) };
      break;
    case 'xml':
      if (bytes) return { ok: true, record: located({ position, syntax, xml: decodeXml(bytes), bytes }, npr, ext) };
      break;
    case 'sutrs':
      // SUTRS is an InternationalString: YAZ sends it as single-ASN1-type, others octet-aligned.
      if (bytes) return { ok: true, record: located({ position, syntax, text: codec.decode(bytes) }, npr, ext) };
      if (ext.encoding.kind === 'single-ASN1-type') return { ok: true, record: located({ position, syntax, text: codec.decode(ext.encoding.element.content) }, npr, ext) };
      break;
    case 'opac':
      if (ext.encoding.kind === 'single-ASN1-type') {
        try {
          const element = ext.encoding.element;
          return { ok: true, record: located({ position, syntax, opac: decodeOpacRecord(element, codec.decode), redecode: (decode: (bytes: Buffer) => string) => decodeOpacRecord(element, decode) }, npr, ext) };
        } catch (err) {
          if (!(err instanceof BerError)) throw err;
          return { ok: false, diagnostic: recordDiagnostic('record-decode', `record ${position}: malformed OPAC record`, err.message) };
        }
      }
      break;
    default:
      return { ok: false, diagnostic: recordDiagnostic('unsupported-syntax', `record ${position} has a record syntax the gateway does not read`, ext.directReference) };
  }
  return {
    ok: false,
    diagnostic: recordDiagnostic('record-decode', `record ${position}: ${syntax} record with unexpected ${ext.encoding.kind} encoding`, ext.directReference),
  };
}
