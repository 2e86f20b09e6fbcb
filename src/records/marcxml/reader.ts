/**
 * MARCXML reading: the fast scanner (scanner.ts) first, the strict saxes reader
 * (saxes-reader.ts) for every document the scanner is not sure about. Same records, same
 * errors (MarcReadError with line and column) either way; the scanner is ~3x faster.
 */
import type { MarcRecord } from '../marc.ts';
import { MarcReadError } from '../errors.ts';
import { MarcXmlCollector, MarcXmlStructureError } from './collector.ts';
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { latin1Utf8All } from './latin1-utf8.ts';
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
  /** Text at the start of the buffer already counted in cutText (write() scanning a chunk from an offset). */
  private counted = 0;
  /** writeBytes(): the buffer holds UTF-8 bytes as Latin-1 characters (latin1-utf8.ts). */
  private latin1 = false;
  /** writeBytes() after the Latin-1 way was given up: bytes are decoded here. */
  private decoder: TextDecoder | undefined;
  /** Bytes of a UTF-8 sequence the last chunk cut. */
  private carry: Buffer | undefined;
  private bytesSeen = false;

  constructor(options: MarcXmlOptions = {}) {
    this.options = options;
  }

  /**
   * UTF-8 bytes in (any chunking), records out. Valid UTF-8 is scanned as Latin-1 characters
   * and only values are decoded (profiled: decoding whole chunks was a third of the read);
   * anything else (invalid sequences, U+FFFE/U+FFFF, a fallback to saxes) is decoded as a
   * TextDecoder would and read as text, with the same records and errors.
   */
  writeBytes(chunk: Uint8Array): MarcRecord[] {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    if (!this.bytesSeen) {
      // TextDecoder drops a byte order mark; wait until three bytes tell.
      if (bytes.length < 3 && BOM.subarray(0, bytes.length).equals(bytes)) {
        this.carry = Buffer.from(bytes);
        return [];
      }
      this.bytesSeen = true;
      if (bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
    }
    if (this.decoder) return this.write(this.decoder.decode(bytes, { stream: true }));
    const complete = completeUtf8(bytes);
    const body = bytes.subarray(0, complete);
    if (this.scanner && (this.latin1 || this.buffer === '') && isUtf8(body) && body.indexOf(NONCHARACTER_FFFE) < 0 && body.indexOf(NONCHARACTER_FFFF) < 0) {
      if (complete < bytes.length) this.carry = Buffer.from(bytes.subarray(complete));
      if (!this.latin1) {
        this.latin1 = true;
        this.scanner.readLatin1Utf8();
      }
      return this.write(body.toString('latin1'));
    }
    return this.write(this.toText().decode(bytes, { stream: true }));
  }

  /** Leaves the Latin-1 way: the unread text becomes the text it encodes, later bytes are decoded. */
  private toText(): TextDecoder {
    const decoder = (this.decoder ??= new TextDecoder('utf-8', { ignoreBOM: true }));
    if (!this.latin1) return decoder;
    this.dropCounted();
    this.latin1 = false;
    this.scanner?.readText(this.buffer);
    this.buffer = latin1Utf8All(this.buffer);
    if (this.carry) {
      const carry = this.carry;
      this.carry = undefined;
      // Decoded with what follows (or flushed at the end).
      decoder.decode(carry, { stream: true });
    }
    return decoder;
  }

  write(chunk: string): MarcRecord[] {
    if (this.saxes || this.buffer === '') return this.step(chunk, false);
    // Joining the unread tail to a whole chunk copies the chunk, which profiled slower than
    // the scan itself: finish the pending record with a small head, then scan the rest
    // of the chunk as it is. (If the head does not finish it, the rest is joined after all.)
    const split = chunk.indexOf('record>');
    if (split < 0) return this.step(chunk, false);
    const latin1 = this.latin1;
    const records = this.step(chunk.slice(0, split + 7), false);
    if (this.scanner && this.buffer === '') {
      // The head finished the record and was cut: scan the rest where it lies in the chunk
      // (a sliced string made every character access of the scan dearer).
      this.scanner.rebase(-(split + 7));
      this.counted = split + 7;
      records.push(...this.step(chunk, false));
      return records;
    }
    // A fallback in the first step turned the Latin-1 text into text: the rest follows.
    const rest = chunk.slice(split + 7);
    records.push(...this.step(latin1 && !this.latin1 ? latin1Utf8All(rest) : rest, false));
    return records;
  }

  end(): MarcRecord[] {
    const records: MarcRecord[] = [];
    if (this.carry && !this.bytesSeen) {
      // Fewer than three bytes in all: not a byte order mark after all.
      this.bytesSeen = true;
      const carry = this.carry;
      this.carry = undefined;
      records.push(...this.writeBytes(carry));
    }
    if (this.carry) this.toText();
    if (this.decoder) {
      const rest = this.decoder.decode();
      if (rest !== '') records.push(...this.write(rest));
    }
    records.push(...this.step('', true));
    return records;
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
      const from = this.cut ? this.counted : (scanner.prolog?.length ?? 0);
      const saved = scanner.takeSaved();
      this.cutText.add(this.buffer, from, cut, this.latin1 ? saved : undefined, scanner.crSeen);
      this.cut = true;
      this.buffer = this.buffer.slice(cut);
      scanner.rebase(cut);
      this.counted = 0;
    }
    this.skip = scanner.afterBoundary;
    this.startedAtCut = scanner.startedAtBoundary;
    if (final) this.buffer = '';
    return records;
  }

  /** The buffer starts with the unread text again (see counted). */
  private dropCounted(): void {
    if (this.counted === 0) return;
    this.buffer = this.buffer.slice(this.counted);
    this.scanner?.rebase(this.counted);
    this.counted = 0;
  }

  private fallBack(final: boolean): MarcRecord[] {
    this.dropCounted();
    if (this.latin1) this.toText();
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

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** U+FFFE and U+FFFF are not XML characters: text with them goes to the character check. */
const NONCHARACTER_FFFE = Buffer.from([0xef, 0xbf, 0xbe]);
const NONCHARACTER_FFFF = Buffer.from([0xef, 0xbf, 0xbf]);

/** Length of bytes without a UTF-8 sequence cut at the end. */
function completeUtf8(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? n - back : n;
    }
  }
  return n;
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
  // Loops, not yield*: yield* of an array in an async generator wraps each record in one more promise.
  for await (const chunk of source) for (const record of typeof chunk === 'string' ? reader.write(chunk) : reader.writeBytes(chunk)) yield record;
  for (const record of reader.end()) yield record;
}
