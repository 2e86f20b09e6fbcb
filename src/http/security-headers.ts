/**
 * Response headers every answer carries (nosniff, so a browser never reads a JSON or XML
 * answer as script or HTML) and the stricter set the HTML pages share: the UI's pages and the
 * ILL print page are documents a browser renders, so they get one policy from one place.
 */
import type { NextFunction, Request, Response } from 'express';

export const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' } as const;

/** Express middleware: nosniff on every response, set before any route answers. */
export function noSniff(_req: Request, res: Response, next: NextFunction): void {
  res.set(NOSNIFF);
  next();
}

/** Headers of an HTML page: its own CSP, no framing, no referrer leaving the site, no sniffing. */
export function pageHeaders(csp: string): Record<string, string> {
  return { 'Content-Security-Policy': csp, ...NOSNIFF, 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'DENY' };
}
