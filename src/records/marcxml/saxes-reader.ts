/**
 * The strict MARCXML reader on saxes (malformed input is an error with a position, never
 * a half-read record). It is the reference behaviour: the fast scanner (scanner.ts) hands
 * every document it is not sure about to this reader. saxes runs without its namespace
 * mode because SRU clients often hand over a recordData fragment cut out of the response,
 * where the `marc:` prefix is declared on an ancestor that is no longer there; we resolve
 * prefixes ourselves and treat an unbound one as "no namespace".
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { MarcRecord } from '../marc.ts';
import { MarcReadError } from '../errors.ts';
import { MarcXmlCollector, MarcXmlStructureError, type XmlName } from './collector.ts';

export interface MarcXmlOptions {
  /** Library id, copied into errors. */
  library?: string;
}

/** Element events, for callers that already run an XML parser (e.g. over an SRU response). */
export type MarcXmlEvent =
  | { type: 'open'; name: XmlName; attributes: Readonly<Record<string, string>> }
  | { type: 'text'; text: string }
  | { type: 'close'; name: XmlName };

/** Incremental saxes reader: write() text chunks, get the records completed so far. */
export class SaxesMarcXmlReader {
  private readonly parser: SaxesParser<{ position: true }>;
  private readonly collector: MarcXmlCollector;
  private readonly options: MarcXmlOptions;
  private out: MarcRecord[] = [];
  /** Namespace frames, one per open element (undefined = declares nothing). */
  private readonly scopes: (Map<string, string> | undefined)[] = [];
  private failure: MarcReadError | undefined;

  /** `startedBefore`: records another reader already started in this document (error positions). */
  constructor(options: MarcXmlOptions = {}, startedBefore = 0) {
    this.options = options;
    this.collector = new MarcXmlCollector((record) => this.out.push(record));
    this.collector.started = startedBefore;
    this.parser = new SaxesParser({ position: true });
    // Handlers are bound once: per-event closures showed up in profiles (GC).
    this.parser.on('opentag', (tag) => {
      try {
        this.open(tag as SaxesTagPlain);
      } catch (error) {
        this.structureError(error);
      }
    });
    this.parser.on('text', (text) => this.collector.characters(text));
    this.parser.on('cdata', (text) => this.collector.characters(text));
    this.parser.on('closetag', (tag) => {
      this.scopes.pop();
      try {
        this.collector.close(localName(tag.name));
      } catch (error) {
        this.structureError(error);
      }
    });
    this.parser.on('error', (error) => {
      this.failure ??= this.error('malformed-xml', error.message);
    });
  }

  write(chunk: string): MarcRecord[] {
    this.parser.write(chunk);
    return this.drain();
  }

  end(): MarcRecord[] {
    this.parser.close();
    return this.drain();
  }

  private drain(): MarcRecord[] {
    if (this.failure) throw this.failure;
    const out = this.out;
    this.out = [];
    return out;
  }

  private structureError(error: unknown): void {
    if (!(error instanceof MarcXmlStructureError)) throw error;
    this.failure ??= this.error('bad-marcxml', error.message);
  }

  private open(tag: SaxesTagPlain): void {
    const { attributes, name: qname } = tag;
    const colon = qname.indexOf(':');
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    // Namespaces only decide which `record` elements are MARC; inside a record the field
    // elements' namespaces are irrelevant, so their attributes are not scanned (hot path).
    if (this.collector.inRecord && local !== 'record') {
      this.scopes.push(undefined);
      this.collector.open({ local, uri: '' }, attributes);
      return;
    }
    let scope: Map<string, string> | undefined;
    for (const key in attributes) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        scope ??= new Map();
        scope.set(key === 'xmlns' ? '' : key.slice(6), attributes[key] as string);
      }
    }
    this.scopes.push(scope);
    this.collector.open({ local, uri: this.resolve(colon < 0 ? '' : qname.slice(0, colon)) }, attributes);
  }

  private resolve(prefix: string): string {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const uri = this.scopes[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return '';
  }

  private error(code: 'malformed-xml' | 'bad-marcxml', message: string): MarcReadError {
    const { line, column, position } = this.parser;
    const init = { code, message, offset: position, recordIndex: Math.max(this.collector.started - 1, 0), line, column: column + 1 };
    return new MarcReadError(this.options.library === undefined ? init : { ...init, library: this.options.library });
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** All records of a complete document, by saxes alone. */
export function readMarcXmlSaxes(xml: string, options: MarcXmlOptions = {}): MarcRecord[] {
  const reader = new SaxesMarcXmlReader(options);
  const records = reader.write(xml);
  records.push(...reader.end());
  return records;
}
