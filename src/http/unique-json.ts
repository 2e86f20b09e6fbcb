import type { Response } from 'express';

/**
 * Sends a JSON answer that no request can revalidate, without an ETag: Express's res.json
 * hashes the body (SHA-1) for one, and a search answer names its own result set (resultSetId,
 * createdAt), so its ETag never matches anything. The text goes out as one UTF-8 Buffer with its
 * length: Node's end() of a 400 KB string with CJK in it cost 4–6 ms (it prepends the headers to
 * the string and encodes it on the write), a Buffer ~1 ms.
 */
export function sendUniqueJson(res: Response, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
