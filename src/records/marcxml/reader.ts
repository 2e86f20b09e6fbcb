/**
 * MARCXML reading: the fast scanner (scanner.ts) first, the strict saxes reader
 * (saxes-reader.ts) for every document the scanner is not sure about. Same records, same
 * errors (MarcReadError with line and column) either way; the scanner is ~3x faster.
 */
import type { MarcRecord } from '../marc.ts';
import { MarcReadError } from '../errors.ts';
import { MarcXmlCollector, MarcXmlStructureError } from './collector.ts';
import { LineCount } from './line-count.ts';
import { MarcXmlScanner, ScanFallback } from './scanner.ts';
import { SaxesMarcXmlReader, type MarcXmlEvent, type MarcXmlOptions } from './saxes-reader.ts';

export { SaxesMarcXmlReader, readMarcXmlSaxes, type MarcXmlEvent, type MarcXmlOptions } from './saxes-reader.ts';

/**
 * Incremental reader: write() text chunks, get the records completed so far.
 *
 * The scanner keeps only the text after the last complete record. When it falls back
 * mid-stream, saxes gets the original prolog, then blank filler with the same length, line
 * breaks and column as the text already read (so its error positions are the original
 * ones), then the unread text. Records already returned are not returned again.
 */
export class MarcXmlReader {
  private readonly options: MarcXmlOptions;
  private scanner: MarcXmlScanner | undefined = new MarcXmlScanner();
  private saxes: SaxesMarcXmlReader | undefined;
  /** Unread text (everything after the last cut). */
  private buffer = '';
  private readonly cutText = new LineCount();
  /** Some text was dropped (the prolog is kept apart, so cutText may still be empty). */
  private cut = false;
  /** Records returned that saxes will see again after a fallback. */
  private skip = 0;
  private startedAtCut = 0;

  constructor(options: MarcXmlOptions = {}) {
    this.options = options;
  }

  write(chunk: string): MarcRecord[] {
    if (this.saxes || this.buffer === '') return this.step(chunk, false);
    // Joining the unread tail to a whole chunk copies the chunk, which profiled slower than
    // the scan itself: finish the pending record with a small head, then scan the rest
    // of the chunk as it is. (If the head does not finish it, the rest is joined after all.)
    const split = chunk.indexOf('record>');
    if (split < 0) return this.step(chunk, false);
    const records = this.step(chunk.slice(0, split + 7), false);
    records.push(...this.step(chunk.slice(split + 7), false));
    return records;
  }

  end(): MarcRecord[] {
    return this.step('', true);
  }

  private step(chunk: string, final: boolean): MarcRecord[] {
    if (this.saxes) return this.unseen(final ? this.saxes.end() : this.saxes.write(chunk));
    const scanner = this.scanner as MarcXmlScanner;
    this.buffer += chunk;
    let records: MarcRecord[];
    try {
      records = scanner.run(this.buffer, final);
    } catch (error) {
      if (!(error instanceof ScanFallback)) throw error;
      return this.fallBack(final);
    }
    const cut = scanner.boundary;
    if (cut > 0) {
      // The prolog is kept verbatim; only the text after it needs counting.
      const from = this.cut ? 0 : (scanner.prolog?.length ?? 0);
      this.cutText.add(this.buffer, from, cut);
      this.cut = true;
      this.buffer = this.buffer.slice(cut);
      scanner.rebase(cut);
    }
    this.skip = scanner.afterBoundary;
    this.startedAtCut = scanner.startedAtBoundary;
    if (final) this.buffer = '';
    return records;
  }

  private fallBack(final: boolean): MarcRecord[] {
    const prolog = this.scanner?.prolog;
    this.scanner = undefined;
    const saxes = new SaxesMarcXmlReader(this.options, this.startedAtCut);
    this.saxes = saxes;
    const text = this.buffer;
    this.buffer = '';
    let records: MarcRecord[];
    if (!this.cut || prolog === undefined) {
      records = saxes.write(text);
    } else {
      saxes.write(prolog);
      for (const piece of this.cutText.filler()) saxes.write(piece);
      records = saxes.write(text);
    }
    if (final) records.push(...saxes.end());
    return this.unseen(records);
  }

  private unseen(records: MarcRecord[]): MarcRecord[] {
    if (this.skip === 0) return records;
    const rest = records.slice(this.skip);
    this.skip = Math.max(this.skip - records.length, 0);
    return rest;
  }
}

/**
 * Every MARC record in an XML document: a `collection`, a single `record`, or records
 * anywhere inside a larger document (SRU recordData, OAI-PMH metadata). Throws MarcReadError.
 */
export function readMarcXml(xml: string, options: MarcXmlOptions = {}): MarcRecord[] {
  const reader = new MarcXmlReader(options);
  const records = reader.write(xml);
  records.push(...reader.end());
  return records;
}

/** The one record in `input` (an XML string or the element events of a recordData). */
export function readMarcXmlRecord(input: string | Iterable<MarcXmlEvent>, options: MarcXmlOptions = {}): MarcRecord {
  const records = typeof input === 'string' ? readMarcXml(input, options) : readMarcXmlEvents(input, options);
  const record = records[0];
  if (record === undefined) {
    throw new MarcReadError({ code: 'bad-marcxml', message: 'no MARC record element found', offset: 0, recordIndex: 0, ...(options.library === undefined ? {} : { library: options.library }) });
  }
  return record;
}

/** Records from element events produced by another parser. */
export function readMarcXmlEvents(events: Iterable<MarcXmlEvent>, options: MarcXmlOptions = {}): MarcRecord[] {
  const records: MarcRecord[] = [];
  const collector = new MarcXmlCollector((record) => records.push(record));
  let n = 0;
  try {
    for (const event of events) {
      n++;
      if (event.type === 'open') collector.open(event.name, event.attributes);
      else if (event.type === 'text') collector.characters(event.text);
      else collector.close(event.name.local);
    }
  } catch (error) {
    if (!(error instanceof MarcXmlStructureError)) throw error;
    const init = { code: 'bad-marcxml' as const, message: `${error.message} (event ${n})`, offset: n, recordIndex: Math.max(collector.started - 1, 0) };
    throw new MarcReadError(options.library === undefined ? init : { ...init, library: options.library });
  }
  return records;
}

/** Streams records from text chunks (a file or an HTTP body decoded as UTF-8). */
export async function* readMarcXmlStream(source: AsyncIterable<string | Uint8Array>, options: MarcXmlOptions = {}): AsyncGenerator<MarcRecord> {
  const reader = new MarcXmlReader(options);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    yield* reader.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* reader.write(decoder.decode());
  yield* reader.end();
}
