import type { Response } from 'express';

/**
 * Sends a JSON answer that no request can revalidate, without an ETag: Express's res.json
 * turns the text into a Buffer and hashes it (SHA-1) for one. A search answer names its own
 * result set (resultSetId, createdAt), so its ETag never matches anything, and hashing a
 * 400 KB first page was CPU on every search's critical path. Node sets Content-Length.
 */
export function sendUniqueJson(res: Response, body: unknown): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
