/**
 * The first check every API request passes: the URL's length, then its path parameters and
 * query string read strictly (query-string.ts). A request that fails is a 414 or a 400
 * problem naming each parameter at fault, before any route sees it.
 */
import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problem.ts';
import { checkPathSegments, decodeQueryString } from './query-string.ts';

/** Longest request target answered; longer is 414 (Node itself answers 431 past its header limit). */
export const MAX_URL_LENGTH = 8 * 1024;

export function urlLengthGuard(req: Request, _res: Response, next: NextFunction): void {
  if (req.originalUrl.length > MAX_URL_LENGTH) {
    throw new ProblemError(414, 'URI too long', `the request target is longer than ${MAX_URL_LENGTH} characters (MAX_URL_LENGTH)`, [
      { parameter: 'url', detail: `longer than ${MAX_URL_LENGTH} characters` },
    ]);
  }
  next();
}

export interface QueryGuardOptions {
  /** Route templates naming path parameters, e.g. `/api/results/:id` (`*` ends an open one). */
  pathTemplates: readonly string[];
  /** Parameters that may be given more than once (none in the JSON API today). */
  multi?: ReadonlySet<string>;
}

export function queryGuard({ pathTemplates, multi }: QueryGuardOptions) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const url = req.originalUrl;
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const query = mark < 0 ? '' : url.slice(mark + 1);
    const problems = [...checkPathSegments(path, pathTemplates), ...decodeQueryString(query, multi).problems];
    if (problems.length > 0) {
      throw new ProblemError(400, 'Invalid request', problems.map((p) => `${p.parameter}: ${p.detail}`).join('; '), problems);
    }
    next();
  };
}
