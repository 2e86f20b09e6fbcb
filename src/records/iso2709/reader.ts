/**
 * ISO 2709 reading: splitter + per-record parse. Every outcome is a value in stream order:
 * a record, a MarcReadError (the records after it still come), or a warning about bytes
 * between records.
 */
import { MarcReadError, type MarcWarning } from '../errors.ts';
import { parseIso2709Record, type RecordOptions } from './parse.ts';
import { Iso2709Splitter, type SplitItem } from './splitter.ts';
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
    if (item.kind === 'error') return { type: 'error', error: item.error };
    if (item.kind === 'warning') return { type: 'warning', warning: item.warning };
    try {
      // The split item carries the record's offset, index and warnings itself (no object per record).
      const record = parseIso2709Record(item.bytes, item, this.options);
      return { type: 'record', record };
    } catch (error) {
      if (error instanceof MarcReadError) return { type: 'error', error };
      throw error;
    }
  }
}

/** Reads a complete buffer (a Z39.50 present response, a file). */
export function* readIso2709(data: Uint8Array, options: Iso2709ReaderOptions = {}): Generator<MarcReadItem> {
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
