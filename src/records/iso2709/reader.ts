/**
 * ISO 2709 reading: splitter + per-record parse. Every outcome is a value in stream order:
 * a record, a MarcReadError (the records after it still come), or a warning about bytes
 * between records.
 */
import { MarcReadError, type MarcWarning } from '../errors.ts';
import { parseIso2709Record, type RecordOptions } from './parse.ts';
import { LEADER_LENGTH, RT, isDigit, numberAt } from './leader.ts';
import { ISO2709_MAX_RECORD_BYTES, Iso2709Splitter, type SplitItem } from './splitter.ts';
import type { IsoRecord } from './record.ts';

export interface Iso2709ReaderOptions extends RecordOptions {
  /** Records longer than this (bytes) become 'oversized' errors; capped at 99,999. */
  maxRecordBytes?: number;
}

export type MarcReadItem =
  | { type: 'record'; record: IsoRecord }
  | { type: 'error'; error: MarcReadError }
  | { type: 'warning'; warning: MarcWarning };

/** Push-style reader for socket reads of any size. */
export class Iso2709Reader {
  private readonly splitter: Iso2709Splitter;
  private readonly options: Iso2709ReaderOptions;

  constructor(options: Iso2709ReaderOptions = {}) {
    this.options = options;
    this.splitter = new Iso2709Splitter(options);
  }

  push(chunk: Uint8Array): MarcReadItem[] {
    return this.splitter.push(chunk).map((item) => this.parse(item));
  }

  end(): MarcReadItem[] {
    return this.splitter.end().map((item) => this.parse(item));
  }

  /**
   * Like push() but parses each record only when the consumer asks for it, so a large
   * buffer does not hold every parsed record alive at once (GC cost, measured).
   */
  *pushLazily(chunk: Uint8Array): Generator<MarcReadItem> {
    for (const item of this.splitter.push(chunk)) yield this.parse(item);
  }

  *endLazily(): Generator<MarcReadItem> {
    for (const item of this.splitter.end()) yield this.parse(item);
  }

  parse(item: SplitItem): MarcReadItem {
    return parseItem(item, this.options);
  }
}

function parseItem(item: SplitItem, options: Iso2709ReaderOptions): MarcReadItem {
  if (item.kind === 'error') return { type: 'error', error: item.error };
  if (item.kind === 'warning') return { type: 'warning', warning: item.warning };
  try {
    // The split item carries the record's offset, index and warnings itself (no object per record).
    const record = parseIso2709Record(item.bytes, item, options);
    return { type: 'record', record };
  } catch (error) {
    if (error instanceof MarcReadError) return { type: 'error', error };
    throw error;
  }
}

/**
 * `data` as the splitter's one item when it is exactly one record whose leader length, terminator
 * and size limit agree (the splitter's fast path at offset 0, with nothing after it); else undefined.
 */
function wholeRecord(data: Uint8Array, options: Iso2709ReaderOptions): SplitItem | undefined {
  const length = data.length;
  if (length < LEADER_LENGTH + 2 || !isDigit(data[0]) || numberAt(data, 0, 5) !== length) return undefined;
  if (length > Math.min(options.maxRecordBytes ?? ISO2709_MAX_RECORD_BYTES, ISO2709_MAX_RECORD_BYTES)) return undefined;
  if (data[length - 1] !== RT || data.indexOf(RT, LEADER_LENGTH) !== length - 1) return undefined;
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, length);
  return { kind: 'record', bytes, offset: 0, index: 0, warnings: [] };
}

/**
 * Reads a complete buffer (a Z39.50 or SRU record, a present response, a file). A buffer that is
 * one well-formed record, as every record a Z39.50 target sends is, is parsed without the
 * splitter and its generators (their objects were a tenth of reading such a record); the same items either way.
 */
export function readIso2709(data: Uint8Array, options: Iso2709ReaderOptions = {}): IterableIterator<MarcReadItem> {
  const whole = wholeRecord(data, options);
  return whole === undefined ? readSplit(data, options) : [parseItem(whole, options)].values();
}

function* readSplit(data: Uint8Array, options: Iso2709ReaderOptions): Generator<MarcReadItem> {
  const reader = new Iso2709Reader(options);
  yield* reader.pushLazily(data);
  yield* reader.endLazily();
}

/**
 * Reads a byte stream (fs.createReadStream, a socket) without buffering more than a read.
 * An iterator of its own rather than an async generator: a record already split from a read
 * is handed out with one resolved promise, where an async generator awaited each yield and
 * queued each request (about half the cost per record, measured). Requests are expected one
 * after another, as for await makes them; leaving early (return) closes the source.
 */
export function readIso2709Stream(source: AsyncIterable<Uint8Array>, options: Iso2709ReaderOptions = {}): AsyncIterableIterator<MarcReadItem> {
  return new Iso2709Stream(source[Symbol.asyncIterator](), new Iso2709Reader(options));
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class Iso2709Stream implements AsyncIterableIterator<MarcReadItem> {
  private readonly source: AsyncIterator<Uint8Array>;
  private readonly reader: Iso2709Reader;
  /** Items of the last read, parsed as they are asked for. */
  private items: Iterator<MarcReadItem> | undefined;
  private ended = false;

  constructor(source: AsyncIterator<Uint8Array>, reader: Iso2709Reader) {
    this.source = source;
    this.reader = reader;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<MarcReadItem> {
    return this;
  }

  next(): Promise<IteratorResult<MarcReadItem, undefined>> {
    try {
      const item = this.nextSplit();
      if (item !== undefined) return Promise.resolve(item);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (this.ended) return Promise.resolve(DONE);
    return this.source.next().then((chunk) => {
      if (chunk.done === true) {
        this.ended = true;
        this.items = this.reader.endLazily();
      } else {
        this.items = this.reader.pushLazily(chunk.value);
      }
      return this.next();
    });
  }

  async return(): Promise<IteratorResult<MarcReadItem, undefined>> {
    this.items = undefined;
    if (!this.ended) {
      this.ended = true;
      await this.source.return?.();
    }
    return DONE;
  }

  /** The next item of the last read, or undefined when they are all out. */
  private nextSplit(): IteratorResult<MarcReadItem, undefined> | undefined {
    if (this.items === undefined) return undefined;
    const result = this.items.next();
    if (result.done !== true) return result;
    this.items = undefined;
    return undefined;
  }
}
