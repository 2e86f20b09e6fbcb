import { describe, expect, it } from 'vitest';
import { BerError } from '../../src/z3950/ber-types.ts';
import { indefinite, tlv } from '../../src/z3950/ber-writer.ts';
import { PduFramer, PduTooLargeError } from '../../src/z3950/pdu-framer.ts';
import { CASES, loadCase } from './support/fixtures.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function feed(framer: PduFramer, stream: Buffer, chunkSize: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < stream.length; i += chunkSize) out.push(...framer.push(stream.subarray(i, i + chunkSize)));
  return out;
}

describe('PduFramer on captured yaz-ztest traffic', () => {
  it.each(CASES)('%s: server stream cut 1 byte at a time gives the same PDUs', (name) => {
    const pdus = loadCase(name)
      .filter((a) => a.dir === 's2c')
      .map((a) => a.bytes);
    const stream = Buffer.concat(pdus);
    for (const size of [1, 2, 7, 64, stream.length]) {
      const framer = new PduFramer(1 << 20);
      const got = feed(framer, stream, size);
      expect(got.map((b) => b.toString('hex'))).toEqual(pdus.map((b) => b.toString('hex')));
      expect(framer.pending).toBe(0);
    }
  });

  it('splits an indefinite-length PresentResponse (OPAC) fed byte by byte', () => {
    const present = loadCase('opac-present').find((a) => a.bytes[0] === 0xb9)!.bytes;
    expect(present[1]).toBe(0x80); // yaz-ztest really sends the indefinite form
    const framer = new PduFramer(1 << 20);
    const got = feed(framer, Buffer.concat([present, present]), 1);
    expect(got).toHaveLength(2);
    expect(got[0]!.equals(present)).toBe(true);
  });
});

describe('PduFramer edge cases', () => {
  it('returns several PDUs from one chunk and keeps a partial tail', () => {
    const a = tlv('context', true, 21, [tlv('context', false, 12, hex('01'))]);
    const b = indefinite('context', 23, [tlv('context', false, 23, hex('0c'))]);
    const framer = new PduFramer(1000);
    const got = framer.push(Buffer.concat([a, b, a.subarray(0, 3)]));
    expect(got.map((x) => x.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
    expect(framer.pending).toBe(3);
    expect(framer.push(a.subarray(3))[0]!.equals(a)).toBe(true);
  });

  it('copies PDUs out of a transient chunk (a reused read buffer) and hands out views of a fresh one', () => {
    const a = tlv('context', true, 21, [tlv('context', false, 12, hex('01'))]);
    const readBuffer = Buffer.concat([a, a, a.subarray(0, 2)]);
    const [first, second] = new PduFramer(1000).push(readBuffer, true);
    readBuffer.fill(0xee); // the next read overwrites it
    expect(first!.equals(a)).toBe(true);
    expect(second!.equals(a)).toBe(true);
    const fresh = Buffer.concat([a]);
    expect(new PduFramer(1000).push(fresh)[0]!.buffer).toBe(fresh.buffer);
  });

  it('handles an end-of-contents split across chunks', () => {
    const pdu = indefinite('context', 25, [indefinite('context', 28, [tlv('context', false, 1, hex('aa'))])]);
    const framer = new PduFramer(1000);
    expect(framer.push(pdu.subarray(0, pdu.length - 1))).toEqual([]);
    expect(framer.push(pdu.subarray(pdu.length - 1))).toHaveLength(1);
  });

  it('refuses a declared length above the limit as soon as the header arrives', () => {
    const framer = new PduFramer(1024);
    // B9 84 06 40 00 00: a 100 MiB PresentResponse — only 6 bytes ever buffered.
    expect(() => framer.push(hex('b98406400000'))).toThrow(PduTooLargeError);
    expect(framer.pending).toBe(6);
    expect(() => framer.push(hex('00'))).toThrow(PduTooLargeError); // stays failed
  });

  it('refuses an indefinite-length PDU that grows past the limit', () => {
    const framer = new PduFramer(64);
    expect(framer.push(hex('b980'))).toEqual([]);
    const child = tlv('context', false, 1, Buffer.alloc(40));
    framer.push(child);
    expect(() => framer.push(child)).toThrow(PduTooLargeError);
  });

  it('refuses a child whose declared length points past the limit inside an indefinite PDU', () => {
    const framer = new PduFramer(1000);
    expect(() => framer.push(hex('b980 8183ffffff'))).toThrow(PduTooLargeError);
  });

  it('throws BerError on a malformed end-of-contents and on garbage headers', () => {
    expect(() => new PduFramer(1000).push(hex('b980 0001'))).toThrow(BerError);
    expect(() => new PduFramer(1000).push(hex('b4ff'))).toThrow(BerError);
    expect(() => new PduFramer(1000).push(hex('0480'))).toThrow(BerError);
  });
});
