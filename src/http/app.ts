/**
 * The JSON + SSE API. Handlers stay thin: parse, call the gateway, shape the answer.
 * Every error leaves as problem+json.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { DeadlineError } from '../fanout/abort.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Logger } from '../logging.ts';
import { sruRouter } from '../sru/router.ts';
import { ProblemError, badRequest, sendProblem } from './problem.ts';
import { parseSearchParams } from './search-params.ts';
import { libraryView, recordView, resultSetView } from './views.ts';

export interface AppOptions {
  gateway: Gateway;
  logger: Logger;
  /** Extra routers mounted by start-up code (SRU endpoint, UI) without the core knowing them. */
  mount?: (app: express.Express) => void;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 200;

function pageParams(req: Request): { offset: number; limit: number; withMarc: boolean } {
  const errors = [];
  const offsetText = typeof req.query.offset === 'string' ? req.query.offset : '0';
  const limitText = typeof req.query.limit === 'string' ? req.query.limit : String(DEFAULT_PAGE);
  const offset = Number(offsetText);
  const limit = Number(limitText);
  if (!Number.isInteger(offset) || offset < 0) errors.push({ parameter: 'offset', detail: 'a non-negative integer' });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) errors.push({ parameter: 'limit', detail: `an integer from 1 to ${MAX_PAGE}` });
  if (errors.length > 0) throw badRequest(errors);
  return { offset, limit, withMarc: req.query.marc === '1' };
}

/** The search parameters proper: the query string without the paging/view ones. */
function searchParams(req: Request): Record<string, unknown> {
  const { offset: _o, limit: _l, marc: _m, ...rest } = req.query;
  return rest;
}

/** Aborts when the client goes away, so abandoned searches stop their I/O. */
function clientSignal(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new DeadlineError('cancelled', 'client closed the connection'));
  });
  return controller.signal;
}

export function createApp({ gateway, logger, mount }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', libraries: gateway.libraries.length });
  });

  app.get('/api/libraries', (_req, res) => {
    res.json({ libraries: gateway.libraries.map((l) => libraryView(l, gateway.health.summary(l.id))) });
  });

  app.get('/api/search', async (req, res) => {
    const { offset, limit, withMarc } = pageParams(req);
    const selection = parseSearchParams(searchParams(req), gateway.libraries);
    const { resultSet, fromCache } = await gateway.search(selection.query, selection.libraries, { signal: clientSignal(req, res) });
    res.json(resultSetView(resultSet, offset, limit, withMarc, fromCache));
  });

  app.get('/api/search/stream', async (req, res) => {
    const { withMarc } = pageParams(req);
    const selection = parseSearchParams(searchParams(req), gateway.libraries);
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const send = (event: string, data: unknown) => {
      if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    send('start', { libraries: selection.libraries.map((l) => l.id) });
    try {
      const { resultSet, fromCache } = await gateway.search(selection.query, selection.libraries, {
        signal: clientSignal(req, res),
        onLibrary: (status, records) => send('library', { status, records: records.map((r) => recordView(r, withMarc)) }),
      });
      send('done', { resultSetId: resultSet.id, fromCache, elapsedMs: resultSet.elapsedMs, total: resultSet.records.length, hits: resultSet.statuses.reduce((n, s) => n + s.hits, 0) });
    } catch (error) {
      logger.error({ err: error }, 'stream search failed');
      send('error', { title: 'Search failed', status: 500 });
    }
    res.end();
  });

  app.get('/api/results/:id', (req, res) => {
    const { offset, limit, withMarc } = pageParams(req);
    const set = gateway.resultSet(String(req.params.id));
    if (!set) throw new ProblemError(404, 'Result set not found', 'unknown or expired result set id: search again');
    res.json(resultSetView(set, offset, limit, withMarc));
  });

  app.use('/sru', sruRouter(gateway, { logger }));
  mount?.(app);

  app.use((req, res) => {
    sendProblem(res, new ProblemError(404, 'Not found', `no route for ${req.method} ${req.path}`));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ProblemError) return sendProblem(res, error, req.originalUrl);
    logger.error({ err: error, path: req.path }, 'unhandled API error');
    if (res.headersSent) return void res.end();
    sendProblem(res, new ProblemError(500, 'Internal error', 'the gateway failed to answer; the error was logged'), req.originalUrl);
  });

  return app;
}
