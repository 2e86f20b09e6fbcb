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

export function accessLog(logger: Logger) {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // A 503 is the gateway shedding load (admission control) or a store it waits for: counted by
    // gateway_admission_refused_total and reported by the store's own warning. A line per
    // refusal at error level multiplied the log volume just when the gateway was overloaded,
    // and a synchronous stdout made every refusal wait on the log reader.
    customLogLevel: (_req, res, error) => (error || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : 'info'),
  });
}
