/**
 * A JSON answer as pieces of text, and their UTF-8 bytes written straight from the pieces:
 * JSON.stringify of a whole page returns a string of many parts that its first encoding
 * flattens into a new string of twice its length in bytes, which cost more than the stringify
 * (unique-json.ts for /api/search, sse-event.ts for the stream's large events).
 */

/**
 * JSON.stringify(body) in pieces whose concatenation is that text: a plain object's members one by
 * one, a member that is an array element by element (a page's clusters), each stringified on its
 * own. For plain data, which is what the views build; a toJSON (a Date's) is called with '' for
 * its key, which only a toJSON reading its key would notice.
 */
export function jsonPieces(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { toJSON?: unknown }).toJSON === 'function') return [JSON.stringify(body)];
  const pieces = ['{'];
  let separator = '';
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value)) {
      pieces.push(`${separator}${JSON.stringify(key)}:[`);
      for (let i = 0; i < value.length; i++) pieces.push(`${i === 0 ? '' : ','}${JSON.stringify(value[i]) ?? 'null'}`);
      pieces.push(']');
    } else {
      // undefined for what JSON leaves out: undefined, functions, symbols, a toJSON answering undefined.
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) continue;
      pieces.push(`${separator}${JSON.stringify(key)}:${text}`);
    }
    separator = ',';
  }
  pieces.push('}');
  return pieces;
}

/** The pieces' length in UTF-16 units: at most three UTF-8 bytes each. */
export function piecesLength(pieces: readonly string[]): number {
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  return chars;
}

/** Writes the pieces as UTF-8 into `into` (at least three bytes per unit long); returns the bytes written. */
export function writePieces(pieces: readonly string[], into: Buffer): number {
  let length = 0;
  for (const piece of pieces) length += into.write(piece, length, 'utf8');
  return length;
}
