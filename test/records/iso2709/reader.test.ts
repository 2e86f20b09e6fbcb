/**
 * readIso2709Stream as an async iterator: the same items as reading the whole buffer, in any
 * chunking, and a consumer that leaves early closes the source.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readIso2709, readIso2709Stream, type MarcReadItem } from '../../../src/records/iso2709/reader.ts';
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
