/**
 * Reads an SRU searchRetrieve response (1.1, 1.2 or 2.0: elements matched by local name,
 * since servers answer in the namespace of the version they actually used) with a strict
 * streaming XML parser. Record payloads are cut out as XML text for the record reader.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface SruDiagnostic {
  uri: string;
  /** The N of info:srw/diagnostic/1/N, when the URI has that form. */
  code: string;
  message?: string;
  details?: string;
}

interface SruRecord {
  schema?: string;
  packing?: string;
  position?: number;
  identifier?: string;
  /** The record as a standalone XML document (unescaped when packed as a string). */
  xml?: string;
  /** A surrogate diagnostic sent in place of this record. */
  diagnostic?: SruDiagnostic;
}

export interface SruResponse {
  version?: string;
  numberOfRecords?: number;
  records: SruRecord[];
  nextRecordPosition?: number;
  diagnostics: SruDiagnostic[];
}

export class SruParseError extends Error {
  constructor(message: string, readonly position?: number) {
    super(message);
    this.name = 'SruParseError';
  }
}

/**
 * An SRU answer's caps: its length, element depth (the envelope is a few levels; a record's own
 * depth is the MARCXML reader's MAX_MARCXML_DEPTH), records and diagnostics. Past them the
 * library's status is an error naming the limit; saxes itself is iterative, so none of these
 * guard the stack, they bound the work one member's answer can cost.
 */
export const SRU_LIMITS = { MAX_RESPONSE_LENGTH: 32 * 1024 * 1024, MAX_DEPTH: 256, MAX_RECORDS: 10_000, MAX_DIAGNOSTICS: 1000 } as const;

const DIAGNOSTIC_SCHEMAS = new Set(['info:srw/schema/1/diagnostics-v1.1', 'http://www.loc.gov/zing/srw/diagnostic/']);

/** An element's name without its namespace prefix (SRU servers use srw:, zs:, sru: or none). */
export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Feeds a whole document to a parser whose handlers throw SruParseError at a limit; any other failure is malformed XML. */
export function readWholeDocument(parser: SaxesParser, text: string): void {
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof SruParseError) throw error;
    throw new SruParseError(`malformed XML: ${(error as Error).message}`, parser.position);
  }
}

function diagnosticCode(uri: string): string {
  return uri.match(/^info:srw\/diagnostic\/1\/(\d+)$/)?.[1] ?? uri;
}

/**
 * XML-packed record payloads cut out of the envelope before saxes reads it, so each record is
 * parsed once, by the MARCXML reader (which is strict: its scanner falls back to saxes on
 * anything it is not sure of). Undefined when the cut cannot be trusted — a payload holding a
 * comment, CDATA or another recordData, or no end tag — and then saxes reads everything.
 */
interface CutEnvelope {
  envelope: string;
  payloads: string[];
}

const RECORD_DATA_OPEN = /<([A-Za-z_][\w.-]*:)?recordData(?:\s[^<>]*)?>/g;
const SPACE = /\s/;

/**
 * Where the next comment or CDATA section starts at or after `from` (Infinity: none). `<!` is
 * looked up once for the whole answer, not once per payload; a `<!` of anything else is passed.
 */
function nextCommentOrCdata(text: string, from: number): number {
  for (let at = text.indexOf('<!', from); at >= 0; at = text.indexOf('<!', at + 2)) {
    if (text.startsWith('<!--', at) || text.startsWith('<![CDATA[', at)) return at;
  }
  return Infinity;
}

function cutRecordPayloads(text: string): CutEnvelope | undefined {
  const pieces: string[] = [];
  const payloads: string[] = [];
  let copied = 0;
  let bang = -1;
  RECORD_DATA_OPEN.lastIndex = 0;
  for (let open = RECORD_DATA_OPEN.exec(text); open; open = RECORD_DATA_OPEN.exec(text)) {
    if (open[0].endsWith('/>')) continue;
    const from = open.index + open[0].length;
    let first = from;
    while (first < text.length && SPACE.test(text[first] as string)) first++;
    // String packing (escaped text) stays for saxes to unescape.
    if (text[first] !== '<') continue;
    // The first "recordData" after the start tag must be the end tag's: one search finds the
    // end and tells that the payload holds no other (the text is searched once, not once per check).
    const close = `</${open[1] ?? ''}recordData>`;
    const name = text.indexOf('recordData', from);
    const to = name - close.length + 11;
    if (name < 0 || to < from || !text.startsWith(close, to)) return undefined;
    if (bang < from) bang = nextCommentOrCdata(text, from);
    if (bang < to) return undefined;
    pieces.push(text.slice(copied, from));
    payloads.push(text.slice(from, to));
    copied = to;
    RECORD_DATA_OPEN.lastIndex = to + close.length;
  }
  if (payloads.length === 0) return undefined;
  pieces.push(text.slice(copied));
  return { envelope: pieces.join(''), payloads };
}

export function parseSruResponse(text: string): SruResponse {
  if (text.length > SRU_LIMITS.MAX_RESPONSE_LENGTH) throw new SruParseError(`response longer than ${SRU_LIMITS.MAX_RESPONSE_LENGTH} characters (MAX_RESPONSE_LENGTH)`);
  const cut = cutRecordPayloads(text);
  if (cut) {
    try {
      return parseEnvelope(cut.envelope, cut.payloads);
    } catch {
      // A broken envelope: read it all again so the error and its position are the original ones.
    }
  }
  return parseEnvelope(text, undefined);
}

/** The same answer read entirely by saxes, records included (the reference the tests compare with). */
export function parseSruResponseWithSaxes(text: string): SruResponse {
  return parseEnvelope(text, undefined);
}

function parseEnvelope(text: string, payloads: string[] | undefined): SruResponse {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let payloadIndex = 0;
  const result: SruResponse = { records: [], diagnostics: [] };
  const stack: string[] = [];
  // Namespace declarations in scope, so a cut-out record still resolves its prefixes.
  const nsStack: Record<string, string>[] = [];
  let textBuffer = '';
  let record: SruRecord | undefined;
  let recordDataStart = -1;
  let recordDataDepth = -1;
  let recordDataHasElements = false;
  let recordDataNs: Record<string, string> = {};
  let diagnostic: Partial<SruDiagnostic> | undefined;
  let rootSeen = false;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (stack.length >= SRU_LIMITS.MAX_DEPTH) throw new SruParseError(`elements nested more than ${SRU_LIMITS.MAX_DEPTH} deep (MAX_DEPTH)`, parser.position);
    // Inside a record's data only the depth matters: the record reader parses it later.
    if (recordDataDepth >= 0) {
      recordDataHasElements = true;
      stack.push('');
      return;
    }
    const name = localName(tag.name);
    let declared: Record<string, string> | undefined;
    for (const key in tag.attributes) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) (declared ??= {})[key] = String(tag.attributes[key]);
    }
    const inScope = nsStack[nsStack.length - 1] ?? {};
    nsStack.push(declared ? { ...inScope, ...declared } : inScope);
    if (!rootSeen) {
      rootSeen = true;
      if (name !== 'searchRetrieveResponse') throw new SruParseError(`not an SRU searchRetrieveResponse (root element <${tag.name}>)`);
    }
    stack.push(name);
    textBuffer = '';
    if (name === 'record' && parentIs(stack, 'records')) record = {};
    else if (name === 'recordData' && record) {
      recordDataStart = parser.position;
      recordDataDepth = stack.length;
      recordDataHasElements = false;
      recordDataNs = nsStack[nsStack.length - 1] ?? {};
    } else if (name === 'diagnostic') diagnostic = {};
  });

  parser.on('text', (value) => {
    // Element content of a record needs no text here (string packing has no child elements).
    if (!recordDataHasElements) textBuffer += value;
  });
  parser.on('cdata', (value) => {
    textBuffer += value;
  });

  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (recordDataDepth >= 0 && stack.length > recordDataDepth) {
      stack.pop();
      return;
    }
    const name = localName(tag.name);
    nsStack.pop();
    stack.pop();
    const value = textBuffer;
    textBuffer = '';
    if (recordDataDepth >= 0 && name === 'recordData' && record) {
      const end = text.lastIndexOf('</', parser.position - 1);
      // An empty element in the cut envelope is where a cut-out payload was (in order).
      const payload = payloads !== undefined && !recordDataHasElements && value.trim() === '' && end === recordDataStart ? payloads[payloadIndex++] : undefined;
      if (payload !== undefined) record.xml = payload.trim() === '' ? undefined : wrapWithNamespaces(payload, recordDataNs);
      else record.xml = recordDataHasElements ? wrapWithNamespaces(text.slice(recordDataStart, end), recordDataNs) : value.trim() || undefined;
      recordDataDepth = -1;
      recordDataHasElements = false;
      return;
    }
    if (diagnostic) {
      if (name === 'uri') diagnostic.uri = value.trim();
      else if (name === 'message') diagnostic.message = value.trim();
      else if (name === 'details') diagnostic.details = value.trim();
      else if (name === 'diagnostic') {
        const uri = diagnostic.uri ?? 'info:srw/diagnostic/1/1';
        const done: SruDiagnostic = { uri, code: diagnosticCode(uri) };
        if (diagnostic.message) done.message = diagnostic.message;
        if (diagnostic.details) done.details = diagnostic.details;
        if (result.diagnostics.length >= SRU_LIMITS.MAX_DIAGNOSTICS) throw new SruParseError(`more than ${SRU_LIMITS.MAX_DIAGNOSTICS} diagnostics (MAX_DIAGNOSTICS)`, parser.position);
        result.diagnostics.push(done);
        diagnostic = undefined;
      }
      return;
    }
    const parent = stack[stack.length - 1];
    if (record && parent === 'record') {
      if (name === 'recordSchema') record.schema = value.trim();
      else if (name === 'recordPacking') record.packing = value.trim();
      else if (name === 'recordPosition') record.position = toInt(value, 'recordPosition');
      else if (name === 'recordIdentifier') record.identifier = value.trim();
    } else if (name === 'record' && record && parent === 'records') {
      if (result.records.length >= SRU_LIMITS.MAX_RECORDS) throw new SruParseError(`more than ${SRU_LIMITS.MAX_RECORDS} records (MAX_RECORDS)`, parser.position);
      result.records.push(record);
      record = undefined;
    } else if (parent === 'searchRetrieveResponse') {
      if (name === 'version') result.version = value.trim();
      else if (name === 'numberOfRecords') result.numberOfRecords = toInt(value, 'numberOfRecords');
      else if (name === 'nextRecordPosition') result.nextRecordPosition = toInt(value, 'nextRecordPosition');
    }
  });

  readWholeDocument(parser, text);
  if (!rootSeen) throw new SruParseError('empty response');

  // Surrogate diagnostics arrive as records in the diagnostics schema (SRU 1.2 §records).
  for (const rec of result.records) {
    if (rec.xml && rec.schema && DIAGNOSTIC_SCHEMAS.has(rec.schema)) {
      rec.diagnostic = parseDiagnosticXml(rec.xml);
      delete rec.xml;
    }
  }
  return result;
}

function parentIs(stack: string[], name: string): boolean {
  return stack[stack.length - 2] === name;
}

function toInt(value: string, what: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) throw new SruParseError(`${what} is not a non-negative integer: "${trimmed.slice(0, 40)}"`);
  return Number(trimmed);
}

// Regular expressions live in constants: a literal in a function is a new RegExp at every call (once per record here).
const ASCII_NAME = /^[A-Za-z_][\w.-]*$/;
/** An element without a prefix (what a default namespace of the envelope would apply to). */
const UNPREFIXED_ELEMENT = /<(?![!?/])[A-Za-z_][\w.-]*[\s>/]/;
/** The record's first element declares its own default namespace. */
const DECLARES_DEFAULT = /^\s*<[A-Za-z_][\w.-]*\s[^>]*\bxmlns=/;

/**
 * Whether an element name in the payload has this prefix (`<p:` or `</p:`): looked up for the
 * envelope's few prefixes, not by listing every tag of the record. A prefix that is not an
 * ASCII name is never one the check sees (as before: the scan matched ASCII names only).
 */
function usesPrefix(inner: string, prefix: string): boolean {
  if (!ASCII_NAME.test(prefix)) return false;
  // One search for `p:`, then the characters before it: `<` or `</` (a record without the prefix is read once).
  const needle = `${prefix}:`;
  for (let at = inner.indexOf(needle, 1); at >= 0; at = inner.indexOf(needle, at + 1)) {
    const before = inner.charCodeAt(at - 1);
    if (before === 0x3c || (before === 0x2f && inner.charCodeAt(at - 2) === 0x3c)) return true;
  }
  return false;
}

/**
 * The record as a standalone document. Only a record that uses namespace prefixes declared on
 * the envelope needs a wrapper carrying them; most records declare their own namespace, and
 * an unwrapped MARCXML record takes the record reader's fast path.
 */
function wrapWithNamespaces(inner: string, ns: Record<string, string>): string {
  const entries = Object.entries(ns);
  if (entries.length === 0) return inner;
  const needed = entries.filter(([k]) => (k === 'xmlns' ? UNPREFIXED_ELEMENT.test(inner) && !DECLARES_DEFAULT.test(inner) : usesPrefix(inner, k.slice(6)) && !inner.includes(`${k}=`)));
  if (needed.length === 0) return inner;
  const attrs = needed.map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`).join('');
  return `<sru-record-data${attrs}>${inner}</sru-record-data>`;
}

function parseDiagnosticXml(xml: string): SruDiagnostic {
  const parser = new SaxesParser({ xmlns: false });
  const found: Partial<SruDiagnostic> = {};
  let buffer = '';
  parser.on('opentag', () => {
    buffer = '';
  });
  parser.on('text', (t) => {
    buffer += t;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'uri') found.uri = buffer.trim();
    else if (name === 'message') found.message = buffer.trim();
    else if (name === 'details') found.details = buffer.trim();
    buffer = '';
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    return { uri: 'info:srw/diagnostic/1/1', code: '1', message: `unreadable surrogate diagnostic: ${(error as Error).message}` };
  }
  const uri = found.uri ?? 'info:srw/diagnostic/1/1';
  const diag: SruDiagnostic = { uri, code: diagnosticCode(uri) };
  if (found.message) diag.message = found.message;
  if (found.details) diag.details = found.details;
  return diag;
}
