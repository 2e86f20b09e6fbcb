/**
 * readIso2709Stream as an async iterator: the same items as reading the whole buffer, in any
 * chunking, and a consumer that leaves early closes the source.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Iso2709Reader, readIso2709, readIso2709Stream, type Iso2709ReaderOptions, type MarcReadItem } from '../../../src/records/iso2709/reader.ts';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import type { MarcRecord } from '../../../src/records/marc.ts';

const record = (n: number): MarcRecord => ({
  leader: '00000nam a2200000 a 4500',
  fields: [
    { tag: '001', value: `rec${n}` },
    { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `中国图书馆 ${n}` }] },
  ],
});
const bytes = Buffer.concat([Buffer.from('junk'), ...Array.from({ length: 5 }, (_, n) => writeIso2709(record(n))), Buffer.from('0012')]);

const plain = (item: MarcReadItem): unknown => (item.type === 'record' ? { type: 'record', offset: item.record.offset, record: item.record.toMarcRecord() } : item.type === 'error' ? { type: 'error', code: item.error.code } : { type: 'warning', code: item.warning.code });

async function collect(chunks: Buffer[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of readIso2709Stream(Readable.from(chunks))) out.push(plain(item));
  return out;
}

describe('readIso2709Stream', () => {
  const whole = [...readIso2709(bytes)].map(plain);

  it('gives the items of readIso2709, in order, however the bytes are chunked', async () => {
    expect(whole.map((item) => (item as { type: string }).type)).toEqual(['warning', 'record', 'record', 'record', 'record', 'record', 'error']);
    expect(await collect([bytes])).toEqual(whole);
    expect(await collect(Array.from(bytes, (b) => Buffer.of(b)))).toEqual(whole);
    expect(await collect([bytes.subarray(0, 40), bytes.subarray(40, 41), bytes.subarray(41)])).toEqual(whole);
    expect(await collect([])).toEqual([]);
  });

  it('closes the source when the consumer leaves early, and is done after', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield bytes.subarray(0, 100);
        yield bytes.subarray(100);
      } finally {
        closed = true;
      }
    }
    const stream = readIso2709Stream(source());
    for await (const item of stream) if (item.type === 'record') break;
    expect(closed).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('passes on an error of the source', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 10);
      throw new Error('socket reset');
    }
    await expect(count(failing())).rejects.toThrow('socket reset');
  });
});

async function count(source: AsyncIterable<Buffer>): Promise<number> {
  let n = 0;
  for await (const item of readIso2709Stream(source)) if (item.type === 'record') n++;
  return n;
}

/** Everything an item says, for comparing two readings of the same bytes. */
const full = (item: MarcReadItem): unknown =>
  item.type === 'record'
    ? { type: 'record', offset: item.record.offset, index: item.record.index, leader: item.record.leader, bytes: item.record.bytes, format: item.record.format, charset: item.record.charset, charsetMismatch: item.record.charsetMismatch, warnings: item.record.warnings, marc: item.record.toMarcRecord() }
    : item.type === 'error'
      ? { type: 'error', code: item.error.code, message: item.error.message, offset: item.error.offset, library: item.error.library }
      : { type: 'warning', warning: item.warning };

/** The splitter's reading: the reference for readIso2709's path for one whole record. */
function split(bytes: Buffer, options: Iso2709ReaderOptions): unknown[] {
  const reader = new Iso2709Reader(options);
  return [...reader.push(bytes), ...reader.end()].map(full);
}

describe('readIso2709 of one whole record', () => {
  const one = writeIso2709(record(7));

  it('gives what the splitter gives, for the record and for bytes that are not quite one', () => {
    // Edits of one record: a byte changed anywhere (length digits, terminator, directory), cut short, bytes after it.
    const edited = fc.oneof(
      fc.tuple(fc.nat(one.length - 1), fc.constantFrom(0x1d, 0x1e, 0x1f, 0x30, 0x39, 0x41, 0x00)).map(([at, byte]) => Buffer.from(one).fill(byte, at, at + 1)),
      fc.nat(one.length).map((n) => one.subarray(0, n)),
      fc.constantFrom(Buffer.from('x'), Buffer.of(0x1d), one).map((tail) => Buffer.concat([one, tail])),
    );
    const options = fc.record({ library: fc.constantFrom(undefined, 'pku'), maxRecordBytes: fc.constantFrom(undefined, one.length, one.length - 1) }, { requiredKeys: [] });
    fc.assert(
      fc.property(edited, options, (bytes, opts) => {
        const clean = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Iso2709ReaderOptions;
        expect([...readIso2709(bytes, clean)].map(full)).toEqual(split(bytes, clean));
      }),
      { numRuns: 2000 },
    );
    expect([...readIso2709(one)].map((item) => item.type)).toEqual(['record']);
  });

  it('reads a Uint8Array that is not a Buffer, and can be read item by item', () => {
    const view = new Uint8Array(one.buffer, one.byteOffset, one.length);
    expect([...readIso2709(view)].map(full)).toEqual(split(one, {}));
    const items = readIso2709(one, { charset: 'utf-8' });
    expect(items.next().value?.type).toBe('record');
    expect(items.next().done).toBe(true);
  });
});
