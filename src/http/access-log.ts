/**
 * The access log (pino-http): one line per request with its request id — the caller's
 * X-Request-Id when it is a plain token, else a new UUID — echoed as X-Request-Id and in every
 * problem+json. Only method, path, status and timing are logged: no headers (credentials, the
 * proxy's user id) and no query string on /api/ill (it can carry a reader barcode).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function loggedUrl(url: string | undefined): string {
  const value = url ?? '';
  return value.startsWith('/api/ill') ? value.split('?')[0] ?? '' : value;
}

export function requestIdOf(req: IncomingMessage): string | undefined {
  const id = (req as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** As search options: the id travels with the search to each library (X-Request-Id, Z39.50 referenceId). */
export function withRequestId(req: IncomingMessage): { requestId?: string } {
  const id = requestIdOf(req);
  return id ? { requestId: id } : {};
}

/** The caller's X-Request-Id when it is a plain token, else a new UUID; echoed as X-Request-Id. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

// A 503 is the gateway shedding load (admission control) or a store it waits for: counted by
// gateway_admission_refused_total and reported by the store's own warning. A line per
// refusal at error level multiplied the log volume just when the gateway was overloaded,
// and a synchronous stdout made every refusal wait on the log reader.
function levelOf(statusCode: number, failed: boolean): 'info' | 'error' {
  return failed || (statusCode >= 500 && statusCode !== 503) ? 'error' : 'info';
}

const BINDINGS = { component: 'http' };
const ERRORED = 'request errored';

export function accessLog(logger: Logger) {
  return pinoHttp({
    logger: logger.child(BINDINGS),
    genReqId: assignRequestId,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => levelOf(res.statusCode, error !== undefined),
    // A 503 without an error of its own is load shed, not a fault: pino-http's stand-in
    // ("failed with status code 503", its stack in pino-http) tells nothing the status does not.
    customErrorObject: (_req, res, error, logged: Record<string, unknown>) => (res.statusCode === 503 && error.message === `failed with status code ${res.statusCode}` ? { res: logged.res, responseTime: logged.responseTime } : logged),
    customErrorMessage: () => ERRORED,
  });
}

/**
 * The access line of an answer sent before the Express app saw the request (fast-refusal.ts):
 * the same fields, level and message the middleware writes for it.
 */
export function earlyAccessLog(logger: Logger): (req: IncomingMessage & { id: string }, statusCode: number, startedAt: number) => void {
  const log = logger.child(BINDINGS);
  return (req, statusCode, startedAt) => {
    const level = levelOf(statusCode, false);
    if (!log.isLevelEnabled(level)) return;
    const line = { req: { id: req.id, method: req.method, url: loggedUrl(req.url) }, res: { statusCode }, responseTime: Date.now() - startedAt };
    if (statusCode >= 500) log[level](line, ERRORED);
    else log[level](line, 'request completed');
  };
}
