/**
 * Refuses a search at the HTTP server's door when admission control would refuse it anyway.
 * In a burst of 1,000 searches nearly every request is refused, and the Express path (request
 * and response decorations, the access log's child loggers, the router, the thrown errors)
 * cost the main loop ~1.8 ms per refusal: the last refusals of the burst went out more than a
 * second late. This answers them before the app is built for the request, with the same answer
 * the app gives (503 problem+json, Retry-After, X-Request-Id, nosniff, the access-log line and
 * the refusal counted by reason, the client named by the same sign-in), and hands everything
 * else to the app untouched: other routes and methods, credentials the sign-in refuses (the
 * app's 401), bad input (its 400s), a search a kept set may answer, and any request while draining.
 * /sru stays on the app's path: its refusal is an SRU diagnostic.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Authenticator } from '../auth/sign-in.ts';
import type { Principal } from '../auth/principal.ts';
import type { Gateway } from '../gateway/index.ts';
import type { Logger } from '../logging.ts';
import { assignRequestId, earlyAccessLog } from './access-log.ts';
import { clientKey } from './client-key.ts';
import { LoopSlices } from './loop-slices.ts';
import { busyProblem, problemBody, PROBLEM_CONTENT_TYPE } from './problem.ts';
import { decodeQueryString } from './query-string.ts';
import { MAX_URL_LENGTH } from './request-guard.ts';
import { parseSearchParams, type SearchSelection } from './search-params.ts';
import { NOSNIFF } from './security-headers.ts';
import { checkViewParams, withoutViewParams } from './view-params.ts';

/** The routes that start a fresh search (app.ts), as the app matches them exactly. */
const SEARCH_PATHS = new Set(['/api/search', '/api/search/stream']);

export interface FastRefusalOptions {
  gateway: Pick<Gateway, 'libraries' | 'refusalPossible' | 'refusalNow'>;
  logger: Logger;
  /** The app's sign-in (auth/sign-in.ts): the client is the principal it names, else the address. */
  authenticate: Authenticator;
  /** While draining, the app answers every request (lifecycle.ts: "restarting"). */
  isDraining: () => boolean;
  /** The main loop's time per turn for taking searches in (loop-slices.ts); default 5 ms (main-port /healthz p99 in bench:load's burst 29-66 ms at 5, 61-112 at 10). */
  sliceMs?: number;
}

/** The selection the app would search for, or undefined where the app answers something else (400). */
function selectionOf(query: string, libraries: Gateway['libraries']): SearchSelection | undefined {
  if (decodeQueryString(query).problems.length > 0) return undefined;
  // What Express's 'simple' query parser (app.ts) gives the routes as req.query.
  const params = parseQuery(query);
  try {
    checkViewParams(params);
    return parseSearchParams(withoutViewParams(params), libraries);
  } catch {
    return undefined;
  }
}

/**
 * The server's request listener's first step: answers the request with a refusal, or passes it
 * on (`next`, the Express app) untouched.
 */
export function fastRefusal({ gateway, logger, authenticate, isDraining, sliceMs = 5 }: FastRefusalOptions): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const accessLine = earlyAccessLog(logger);
  // Searches are taken a slice of the loop per turn: other requests (/healthz, kept sets) are not queued behind a burst of them.
  const slices = new LoopSlices(sliceMs, (err: unknown) => logger.error({ err }, 'a request at the door failed'));
  return (req, res, next) => {
    const startedAt = Date.now();
    const url = req.url ?? '';
    if (req.method !== 'GET' || url.length > MAX_URL_LENGTH || isDraining()) return next();
    const mark = url.indexOf('?');
    if (!SEARCH_PATHS.has(mark < 0 ? url : url.slice(0, mark))) return next();
    // Every search, refused or not, takes its turn: the first of a burst go through the app
    // (Express, admission, the queue) until the queue is full, ~1 ms each, and a poll phase of
    // them held /healthz as long as the refusals did.
    slices.run(() => {
      // Drained meanwhile: the app answers it ("restarting"), as any request while draining.
      if (isDraining()) return next();
      // Not busy: nothing would be refused, and the app parses and signs in the request anyway.
      if (!gateway.refusalPossible()) return next();
      let handedOn = false;
      const handOn = (): void => {
        handedOn = true;
        next();
      };
      // Not left unanswered, nor answered twice: the app answers what the door could not, once.
      const failed = (err: unknown): void => {
        logger.error({ err }, 'refusal at the door failed');
        if (!handedOn && !res.headersSent) handOn();
      };
      try {
        const selection = selectionOf(mark < 0 ? '' : url.slice(mark + 1), gateway.libraries);
        if (!selection) return handOn();
        const refuseAs = (principal: Principal | undefined): void => {
          const refusal = gateway.refusalNow(selection.query, selection.libraries, clientKey(req, principal?.id));
          if (!refusal) return handOn();
          const id = assignRequestId(req, res);
          const body = problemBody(busyProblem(refusal), url, id);
          res.writeHead(503, { ...NOSNIFF, 'Retry-After': String(refusal.retryAfterSeconds), 'Content-Type': PROBLEM_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
          res.end(body);
          accessLine(Object.assign(req, { id }), 503, startedAt);
        };
        // Credentials the sign-in refuses are the app's to answer (401).
        let principal: ReturnType<Authenticator>;
        try {
          principal = authenticate(req);
        } catch {
          return handOn();
        }
        if (principal instanceof Promise) principal.then(refuseAs, handOn).catch(failed);
        else refuseAs(principal);
      } catch (err) {
        failed(err);
      }
    });
  };
}
