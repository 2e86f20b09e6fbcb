import type { Response } from 'express';

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
 * the string and encodes it on the write), a Buffer ~1 ms. Most of that millisecond was the new
 * buffer itself (fresh memory faulted in for every answer; encoding into memory already in use
 * takes a seventh of it), so large answers are encoded into a buffer reused once the socket has
 * taken the previous answer out of it ('finish'); one still being written is never handed out.
 */
export function sendUniqueJson(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // UTF-8 needs at most three bytes per UTF-16 unit: a text this short fits Node's slab whatever it holds.
  if (text.length * 3 < REUSE_FROM_BYTES) {
    const bytes = Buffer.from(text, 'utf8');
    res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
    return;
  }
  const length = Buffer.byteLength(text, 'utf8');
  const buffer = takeBuffer(length);
  buffer.write(text, 0, 'utf8');
  res.setHeader('Content-Length', length);
  // Only 'finish' says the socket is done with the bytes; an answer cut off by an error keeps its buffer out of reuse.
  res.once('finish', () => keepBuffer(buffer));
  res.end(buffer.subarray(0, length));
}

function takeBuffer(length: number): Buffer {
  const kept = idle.pop();
  if (kept !== undefined && kept.length >= length) return kept;
  // A larger one replaces a kept one too small; sizes in powers of two so answers of one search's size share them.
  return Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(length)));
}

function keepBuffer(buffer: Buffer): void {
  if (idle.length < KEPT_BUFFERS && buffer.length <= KEPT_MAX_BYTES) idle.push(buffer);
}
