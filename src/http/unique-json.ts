import type { Response } from 'express';
import { jsonPieces, piecesLength, writePieces } from './json-pieces.ts';

/** Answers this large and up are encoded into a reused buffer; smaller ones come from Node's pooled slab anyway. */
const REUSE_FROM_BYTES = 16 * 1024;
/** Buffers kept for reuse, and the largest kept: a burst of huge pages does not stay in memory. */
const KEPT_BUFFERS = 4;
const KEPT_MAX_BYTES = 4 * 1024 * 1024;
const idle: Buffer[] = [];

/**
 * Sends a JSON answer that no request can revalidate, without an ETag: Express's res.json
 * hashes the body (SHA-1) for one, and a search answer names its own result set (resultSetId,
 * createdAt), so its ETag never matches anything. The text goes out as one UTF-8 Buffer with its
 * length: Node's end() of a 400 KB string with CJK in it cost 4–6 ms (it prepends the headers to
 * the string and encodes it on the write), a Buffer ~1 ms.
 * Large answers are encoded into a buffer reused once the socket has taken the previous answer out
 * of it ('finish'; one still being written is never handed out): a fresh one per answer was fresh
 * memory faulted in each time. And they are stringified in pieces (jsonPieces): JSON.stringify of a
 * whole first page returns a string of many parts that the first encoding of it flattens into one
 * new string of twice its length in bytes, which cost more than the stringify itself.
 */
export function sendUniqueJson(res: Response, body: unknown): void {
  const pieces = jsonPieces(body);
  const chars = piecesLength(pieces);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // UTF-8 needs at most three bytes per UTF-16 unit: a text this short fits Node's slab whatever it holds.
  if (chars * 3 < REUSE_FROM_BYTES) {
    const bytes = Buffer.from(pieces.join(''), 'utf8');
    res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
    return;
  }
  const buffer = takeBuffer(chars * 3);
  const length = writePieces(pieces, buffer);
  res.setHeader('Content-Length', length);
  // Only 'finish' says the socket is done with the bytes; an answer cut off by an error keeps its buffer out of reuse.
  res.once('finish', () => keepBuffer(buffer));
  res.end(buffer.subarray(0, length));
}

function takeBuffer(length: number): Buffer {
  // `length` may be an upper bound (three bytes a character) larger than what is written.
  const kept = idle.pop();
  if (kept !== undefined && kept.length >= length) return kept;
  // A larger one replaces a kept one too small; sizes in powers of two so answers of one search's size share them.
  return Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(length)));
}

function keepBuffer(buffer: Buffer): void {
  if (idle.length < KEPT_BUFFERS && buffer.length <= KEPT_MAX_BYTES) idle.push(buffer);
}
