import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { sendUniqueJson } from '../../src/http/unique-json.ts';

/** An answer as large as a first page with CJK in it (each work's copies and merged fields). */
const page = (n: number) => ({
  resultSetId: `set-${n}`,
  clusters: Array.from({ length: 20 }, (_, i) => ({ id: `c${n}-${i}`, title: `中国近代史 ${n} ${i} ${'历史'.repeat(200)}`, holdings: Array.from({ length: 30 }, (_, j) => ({ barcode: `${n}${i}${j}`, status: 'available', statusText: '在架' })) })),
});

/** A response whose socket takes its bytes only when the test says so. */
class HeldResponse extends EventEmitter {
  readonly headers = new Map<string, unknown>();
  sent: Buffer | undefined;
  setHeader(name: string, value: unknown): void {
    this.headers.set(name.toLowerCase(), value);
  }
  end(bytes: Buffer): void {
    // A copy of what was handed over, to compare with the bytes still in the buffer later.
    this.sent = bytes;
    this.snapshot = Buffer.from(bytes);
  }
  snapshot: Buffer | undefined;
  finish(): void {
    this.emit('finish');
  }
}

const send = (body: unknown) => {
  const res = new HeldResponse();
  sendUniqueJson(res as unknown as Response, body);
  return res;
};

describe('sendUniqueJson', () => {
  it('answers the JSON as UTF-8 with its byte length and no ETag, small and large', async () => {
    const app = express();
    app.get('/small', (_req, res) => sendUniqueJson(res, { q: '中国', n: 1 }));
    app.get('/large/:n', (req, res) => sendUniqueJson(res, page(Number(req.params.n))));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const small = await request(`${base}/small`);
      expect(small.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(small.headers.etag).toBeUndefined();
      const smallText = await small.body.text();
      expect(JSON.parse(smallText)).toEqual({ q: '中国', n: 1 });
      expect(Number(small.headers['content-length'])).toBe(Buffer.byteLength(smallText));
      // Several large answers at once and one after another: each intact, whichever buffer it went out of.
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => {
          const res = await request(`${base}/large/${n + round * 10}`);
          const bytes = Buffer.from(await res.body.arrayBuffer());
          expect(Number(res.headers['content-length'])).toBe(bytes.length);
          return { n: n + round * 10, text: bytes.toString('utf8') };
        }));
        for (const { n, text } of answers) expect(text).toBe(JSON.stringify(page(n)));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never encodes into a buffer the socket has not finished writing', () => {
    const first = send(page(1));
    // Not finished: the next answer must not touch the first one's bytes.
    const second = send(page(2));
    expect(second.sent?.buffer).not.toBe(first.sent?.buffer);
    expect(first.sent?.equals(first.snapshot as Buffer)).toBe(true);
    expect(first.sent?.toString('utf8')).toBe(JSON.stringify(page(1)));
    // Finished: its buffer may carry the next answer.
    first.finish();
    const third = send(page(3));
    expect(third.sent?.buffer).toBe(first.sent?.buffer);
    expect(third.sent?.toString('utf8')).toBe(JSON.stringify(page(3)));
    expect(second.sent?.equals(second.snapshot as Buffer)).toBe(true);
    // The second and third are still being written (or never will be: a client gone mid-write): the fourth gets a buffer of its own.
    const fourth = send(page(4));
    expect([first, second, third].map((r) => r.sent?.buffer)).not.toContain(fourth.sent?.buffer);
    second.finish();
    third.finish();
    fourth.finish();
  });

  it('sends exactly the bytes of JSON.stringify, whatever the members (arrays, undefined, dates, functions)', () => {
    const member = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constant(() => 1),
      fc.date({ noInvalidDate: true }),
      fc.constant({ toJSON: () => undefined }),
      fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(() => 1), fc.date({ noInvalidDate: true }), fc.constant('中国'.repeat(3000)))),
      fc.constant('历史'.repeat(3000)),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), member), (body) => {
        const res = send(body);
        expect(res.sent?.toString('utf8')).toBe(JSON.stringify(body));
        expect(res.headers.get('content-length')).toBe(res.sent?.length);
        res.finish();
      }),
      { numRuns: 400 },
    );
  });
});
