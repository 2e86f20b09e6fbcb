import type { Response } from 'express';
import { writeJsonUtf8 } from './json-utf8.ts';

/** Answers this large and up are encoded into a reused buffer; smaller ones come from Node's pooled slab anyway. */
const REUSE_FROM_BYTES = 16 * 1024;
/** A new buffer's size: a first page of 20 works is ~150–250 KB. */
const FIRST_BYTES = 256 * 1024;
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
 * The JSON is written as UTF-8 straight into a buffer (json-utf8.ts), reused once the socket has
 * taken the previous answer out of it ('finish'; one still being written is never handed out): a
 * fresh one per answer was fresh memory faulted in each time, and JSON.stringify's text was a
 * cons string the encoding flattened into one more copy.
 */
export function sendUniqueJson(res: Response, body: unknown): void {
  const taken = takeBuffer();
  let written: ReturnType<typeof writeJsonUtf8>;
  try {
    written = writeJsonUtf8(body, taken);
  } catch (error) {
    // Nothing was sent: the buffer goes back for the next answer, the error to the error handler.
    keepBuffer(taken);
    throw error;
  }
  const { buffer, length } = written;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', length);
  if (length < REUSE_FROM_BYTES) {
    // A copy from Node's pooled slab; the buffer is free again at once.
    const bytes = Buffer.from(buffer.subarray(0, length));
    keepBuffer(buffer);
    res.end(bytes);
    return;
  }
  // Only 'finish' says the socket is done with the bytes; an answer cut off by an error keeps its buffer out of reuse.
  res.once('finish', () => keepBuffer(buffer));
  res.end(buffer.subarray(0, length));
}

/** A kept buffer, else a new one; writeJsonUtf8 replaces one too small by a larger one (powers of two, so answers of one search's size share them). */
function takeBuffer(): Buffer {
  return idle.pop() ?? Buffer.allocUnsafeSlow(FIRST_BYTES);
}

function keepBuffer(buffer: Buffer): void {
  if (idle.length < KEPT_BUFFERS && buffer.length <= KEPT_MAX_BYTES) idle.push(buffer);
}
