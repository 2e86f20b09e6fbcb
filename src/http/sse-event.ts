import { writeJsonUtf8 } from './json-utf8.ts';

/** Events with this many bytes of JSON and up are sent as bytes; a progress event stays one short string. */
const BYTES_FROM = 4096;
/** The scratch buffer's first size, and the largest kept: a huge event does not stay in memory. */
const SCRATCH_BYTES = 64 * 1024;
const KEPT_MAX_BYTES = 4 * 1024 * 1024;
let scratch: Buffer = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

/**
 * One server-sent event, `event:` line, optional `retry:` line and its data as JSON. The JSON is
 * written as UTF-8 into a scratch buffer (json-utf8.ts; no stringified text flattened and encoded
 * afterwards); a large event (a `clusters` update, the final page) is copied out of it into bytes
 * of its own, as the stream may still hold the previous event's.
 */
export function sseEvent(event: string, data: unknown, retry = ''): string | Buffer {
  const head = `event: ${event}\n${retry}data: `;
  const { buffer, length } = writeJsonUtf8(data, scratch);
  scratch = buffer.length <= KEPT_MAX_BYTES ? buffer : Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  if (length < BYTES_FROM) return `${head}${buffer.toString('utf8', 0, length)}\n\n`;
  const headLength = Buffer.byteLength(head, 'utf8');
  const bytes = Buffer.allocUnsafe(headLength + length + 2);
  bytes.write(head, 0, 'utf8');
  buffer.copy(bytes, headLength, 0, length);
  bytes[headLength + length] = 10;
  bytes[headLength + length + 1] = 10;
  return bytes;
}
