import { jsonPieces, piecesLength, writePieces } from './json-pieces.ts';

/** Events this large and up are encoded from pieces; a progress event stays one short string. */
const PIECES_FROM_CHARS = 4096;

/**
 * One server-sent event, `event:` line, optional `retry:` line and its data as JSON. A large one
 * (a `clusters` update, the final page) is built as UTF-8 bytes from its JSON in pieces
 * (json-pieces.ts): written as one string, the whole text was flattened into a new string before
 * it was encoded, which cost more than making it.
 */
export function sseEvent(event: string, data: unknown, retry = ''): string | Buffer {
  const pieces = [`event: ${event}\n${retry}data: `, ...jsonPieces(data), '\n\n'];
  const chars = piecesLength(pieces);
  if (chars < PIECES_FROM_CHARS) return pieces.join('');
  // A fresh buffer: the stream may still hold the previous event's bytes (three bytes a character at most).
  const bytes = Buffer.allocUnsafe(chars * 3);
  return bytes.subarray(0, writePieces(pieces, bytes));
}
