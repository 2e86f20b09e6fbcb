/**
 * The JSON + SSE API. Handlers stay thin: parse, call the gateway, shape the answer.
 * Every error leaves as problem+json.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { isLibrarian, librarian, principalOf } from '../auth/principal.ts';
import type { GatewayMetrics } from '../metrics/registry.ts';
import { accessLog, withRequestId } from './access-log.ts';
import { signInMiddleware, type Authenticator } from '../auth/sign-in.ts';
import { AdmissionRejected, clientSignal, type Gateway } from '../gateway/index.ts';
import { clientKey } from './client-key.ts';
import { copyRecheckView, parseCopyPick } from './copy-recheck.ts';
import type { Logger } from '../logging.ts';
import { RESTART_EVENT, type Lifecycle } from './lifecycle.ts';
import { StoreUnavailableError } from '../stores/errors.ts';
import { runReadiness, type ReadinessCheck } from './readiness.ts';
import { busyProblem, ProblemError, sendProblem } from './problem.ts';
import { queryGuard, urlLengthGuard } from './request-guard.ts';
import { parseSearchParams, type SearchSelection, type SearchWarning } from './search-params.ts';
import { requestLanguage } from './request-language.ts';
import { noSniff } from './security-headers.ts';
import { parseViewParams, withoutViewParams, type ViewParams } from './view-params.ts';
import { clusterSummaryView, clusterView, libraryView, recordView, resultSetView } from './views.ts';
import { publicStatus, withoutAddresses } from './public-status.ts';
import { openApiDocument } from './openapi/document.ts';
import type { Operation } from './openapi/operation.ts';
import { API_OPERATIONS } from './operations.ts';
import { cpuTurn } from '../adapter-api/cpu-turns.ts';
import { sseEvent } from './sse-event.ts';
import { sendUniqueJson } from './unique-json.ts';
import { AfterAnswer } from '../gateway/after-answer.ts';

const API_INFO = {
  title: 'BALIS metasearch gateway',
  version: '1.0.0',
  description: 'One search across the member libraries (Z39.50, SRU, OPACs), merged works with holdings side by side, SRU for other portals, and draft ILL requests. Readers and librarians sign in through the campus SSO (a trusted proxy header or an OIDC ID token); scripts use API keys.',
};

export interface AppOptions {
  gateway: Gateway;
  logger: Logger;
  /** The other front ends (SRU endpoint, ILL, UI), mounted by start-up code: front ends do not mount each other. */
  mount?: (app: express.Express) => void;
  /** Who is asking (src/auth); absent = everyone is anonymous. */
  authenticate?: Authenticator;
  /** Running requests and SSE streams, for a graceful shutdown. */
  lifecycle?: Lifecycle;
  /** Served at /metrics to librarians (and API keys). */
  metrics?: GatewayMetrics;
  /** What /readyz asks: the stores the gateway needs (ILL drafts, result sets…). */
  readiness?: ReadinessCheck[];
  /** The mounted front ends' routes, for /openapi.json (and the path parameters the query guard names). */
  operations?: readonly Operation[];
}

/** Warnings about the search as sent (a wrong ISBN check digit), in the request's language. */
function searchWarnings(warnings: readonly SearchWarning[], lang: 'zh' | 'en'): { warnings?: { parameter: string; message: string }[] } {
  if (warnings.length === 0) return {};
  return { warnings: warnings.map((w) => ({ parameter: w.parameter, message: lang === 'zh' ? w.zh : w.message })) };
}

export function createApp({ gateway, logger, mount, authenticate, lifecycle, metrics, readiness = [], operations = [] }: AppOptions): express.Express {
  const described = [...API_OPERATIONS, ...operations];
  // Routes with path parameters, so a badly encoded segment is named (see request-guard.ts).
  const pathTemplates = described.map((op) => op.path).filter((path) => path.startsWith('/api/') && path.includes(':'));
  // Built on first request, not at start-up: most gateways are never asked for it.
  let document: string | undefined;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(accessLog(logger));
  if (lifecycle) app.use(lifecycle.middleware);
  app.use(noSniff, urlLengthGuard);
  app.use(signInMiddleware(authenticate ?? (() => undefined)));
  app.use('/api', queryGuard({ pathTemplates }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', libraries: gateway.libraries.length });
  });

  // Up is /healthz; ready means the config is loaded (it is, or nothing would listen) and every store answers.
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await runReadiness(readiness, lifecycle?.isDraining ?? false);
    res.status(ready ? 200 : 503).set('Cache-Control', 'no-store').json({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_req, res) => {
    librarian(res, 'read the metrics');
    if (!metrics) throw new ProblemError(404, 'Not found', 'metrics are not enabled');
    res.set('Cache-Control', 'no-store').type(metrics.contentType).send(await metrics.text());
  });

  app.get('/openapi.json', (_req, res) => {
    document ??= JSON.stringify(openApiDocument(described, API_INFO));
    res.set('Cache-Control', 'no-cache').type('application/json').send(document);
  });

  app.get('/api/libraries', async (_req, res) => {
    // Member health (answer rates, last errors) is for librarians; the library list is public.
    const withHealth = isLibrarian(principalOf(res));
    const ids = gateway.libraries.map((l) => l.id);
    const health = withHealth
      ? await gateway.health.summaries(ids).catch((error: unknown) => {
          if (!(error instanceof StoreUnavailableError)) throw error;
          return new Map<string, never>();
        })
      : undefined;
    const services = await gateway.lenderServices();
    // What the gateway learned (breaker, answer times, the timeout each library gets now): librarians too.
    const knowledge = withHealth ? await gateway.knowledge(gateway.libraries) : undefined;
    res.json({
      degraded: gateway.degraded(),
      stores: gateway.storeStates(),
      libraries: gateway.libraries.map((l) => libraryView(l, health ? { ...(health.get(l.id) ?? { searches: 0 }), ...knowledge?.get(l.id) } : undefined, services.of(l.id), gateway.capabilities.state(l.id))),
      // The members as union catalogues (BALIS) list them, suspended ones marked.
      unions: (await gateway.unionMembers()).map((u) => (withHealth || u.error === undefined ? u : { ...u, error: withoutAddresses(u.error) })),
    });
  });

  // A librarian's "retry now" for a library whose breaker is open: probes it at once.
  app.post('/api/libraries/:id/retry', async (req, res) => {
    librarian(res, 'retry a library now');
    const id = String(req.params.id);
    if (!gateway.library(id)) throw new ProblemError(404, 'Library not found', `no library with id "${id}"`);
    const breaker = await gateway.retryNow(id);
    if (!breaker) throw new ProblemError(409, 'No breaker', `library "${id}" is suspended or has its breaker turned off`);
    res.set('Cache-Control', 'no-store').json({ library: id, breaker });
  });

  // Bookkeeping after the answer has gone (after-answer.ts): a failure there is logged.
  const afterAnswerFailed = (req: Request) => (error: unknown) => logger.error({ err: error, path: req.originalUrl }, 'bookkeeping after the search answered failed');

  app.get('/api/search', async (req, res) => {
    const view = parseViewParams(req.query);
    const selection = parseSearchParams(withoutViewParams(req.query), gateway.libraries);
    const after = new AfterAnswer();
    try {
      await answerSearch(req, res, view, selection, after);
    } finally {
      after.run(afterAnswerFailed(req));
    }
  });

  async function answerSearch(req: Request, res: Response, view: ViewParams, selection: SearchSelection, after: AfterAnswer): Promise<void> {
    const { resultSet, fromCache, storeWait } = await gateway.search(selection.query, selection.libraries, { signal: clientSignal(res), client: clientKey(req, principalOf(res)?.id), ...withRequestId(req), defer: after.defer });
    // What the search waited for on the result-set store (gateway.ts StoreWait), for operators and bench:scale.
    const ms = (value: number) => value.toFixed(3);
    res.set('Server-Timing', [
      `rs-path;dur=${ms(storeWait.pathMs)}`,
      `rs-reuse;dur=${ms(storeWait.reuseMs)}`,
      `rs-reuse-loop-busy;dur=${ms(storeWait.reuseLoopBusyMs)}`,
      `rs-keep;dur=${ms(storeWait.keepMs)}`,
      `rs-claim-wait;dur=${ms(storeWait.claimWaitMs)}`,
      `health-breaker;dur=${ms(storeWait.breakerReadMs)}`,
    ].join(', '));
    // Building the page is CPU work too: take a turn like the libraries' answers (cpu-turns.ts).
    await cpuTurn();
    sendUniqueJson(res, { ...resultSetView(resultSet, view, gateway.libraries, fromCache), ...searchWarnings(selection.warnings, requestLanguage(req)) });
  }

  app.get('/api/search/stream', async (req, res) => {
    const view = parseViewParams(req.query);
    const selection = parseSearchParams(withoutViewParams(req.query), gateway.libraries);
    // The events of one loop turn (every library's "queued", "connecting", "searching" at the
    // start) leave in one write at the end of the turn, not one system call each; order and
    // timing within the turn are unchanged.
    let corked = false;
    const uncork = () => {
      corked = false;
      res.uncork();
    };
    const send = (event: string, data: unknown, retry = '') => {
      if (res.writableEnded) return;
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      res.write(sseEvent(event, data, retry));
    };
    // The stream opens once the search is admitted, so a refusal is still a plain 503 problem.
    const open = () => {
      res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      metrics?.sseClients.inc();
      res.once('close', () => metrics?.sseClients.dec());
      // A shutdown that outlasts this search ends the stream with the event the UI understands.
      lifecycle?.stream(res, () => {
        send('restart', RESTART_EVENT);
        res.end();
      });
      // retry: a browser that loses the stream reconnects after 1 s (behind a load balancer, to another instance).
      send('start', { libraries: selection.libraries.map((l) => l.id), ...searchWarnings(selection.warnings, requestLanguage(req)) }, 'retry: 1000\n');
    };
    const after = new AfterAnswer();
    try {
      const { resultSet, fromCache } = await gateway.search(selection.query, selection.libraries, {
        signal: clientSignal(res),
        client: clientKey(req, principalOf(res)?.id),
        ...withRequestId(req),
        defer: after.defer,
        onStart: open,
        // One `library` event per state change; the settled one also carries the status.
        onProgress: (p) => {
          if (p.phase !== 'done' && p.phase !== 'failed') send('library', { library: p.library, phase: p.phase, ...(p.total === undefined ? {} : { fetched: p.fetched, total: p.total }) });
        },
        onLibrary: (status, records) => send('library', { library: status.library, phase: status.state === 'ok' ? 'done' : 'failed', status: publicStatus(status), records: records.length }),
        onClusters: (update) => send('clusters', { changed: update.changed.map((c) => clusterSummaryView(c, view)), removed: update.removed, total: update.total }),
      });
      // The final page goes through the same view as /api/results/:id (filters, sort, facets).
      await cpuTurn();
      const shown = resultSetView(resultSet, view, gateway.libraries, fromCache);
      send('done', { resultSetId: resultSet.id, fromCache, elapsedMs: resultSet.elapsedMs, total: shown.total, records: resultSet.records.length, hits: shown.hits, page: shown });
    } catch (error) {
      if (!res.headersSent) throw error;
      logger.error({ err: error }, 'stream search failed');
      send('error', { title: 'Search failed', status: 500 });
    } finally {
      // A search that failed before the stream opened is answered by the error handler; its bookkeeping runs here all the same.
      if (!res.writableEnded && res.headersSent) res.end();
      after.run(afterAnswerFailed(req));
    }
  });

  const resultSetOr404 = async (id: string) => {
    const set = await gateway.resultSet(id);
    if (!set) throw new ProblemError(404, 'Result set not found', 'unknown or expired result set id: search again');
    return set;
  };

  app.get('/api/results/:id', async (req, res) => {
    const view = parseViewParams(req.query);
    res.json(resultSetView(await resultSetOr404(String(req.params.id)), view, gateway.libraries));
  });

  // Opening a work: copies older than the holdings TTL are asked again, live, before it is shown.
  app.get('/api/results/:id/clusters/:clusterId', async (req, res) => {
    const set = await resultSetOr404(String(req.params.id));
    const cluster = set.clusters.find((c) => c.id === req.params.clusterId);
    if (!cluster) throw new ProblemError(404, 'Cluster not found', 'no such merged record in this result set');
    const recheck = await gateway.recheckCluster(set, cluster);
    const now = Date.now();
    for (const row of cluster.holdings) for (const copy of row.holdings) if (copy.asOf) metrics?.holdingsShown(row.library, (now - Date.parse(copy.asOf)) / 1000);
    res.json({ ...clusterView(cluster, req.query.marc === '1'), ...(recheck.length > 0 ? { holdingsRecheck: recheck } : {}) });
  });

  // A librarian's "recheck live": every copy of the work (or of one library's records) asked again now.
  app.post('/api/results/:id/clusters/:clusterId/recheck', async (req, res) => {
    librarian(res, 'recheck holdings live');
    const set = await resultSetOr404(String(req.params.id));
    const cluster = set.clusters.find((c) => c.id === req.params.clusterId);
    if (!cluster) throw new ProblemError(404, 'Cluster not found', 'no such merged record in this result set');
    const library = typeof req.query.library === 'string' && req.query.library !== '' ? req.query.library : undefined;
    if (library !== undefined && !cluster.records.some((r) => r.library === library)) {
      throw new ProblemError(400, 'Invalid recheck', `library: "${library}" holds no record of this work`, [{ parameter: 'library', detail: 'holds no record of this work' }]);
    }
    const recheck = await gateway.recheckCluster(set, cluster, { maxAgeMs: -1, ...(library ? { libraries: [library] } : {}) });
    res.set('Cache-Control', 'no-store').json({ ...clusterView(cluster, false), holdingsRecheck: recheck });
  });

  // A librarian's "recheck live" of one copy: its record searched for again at its library, the copy picked from the answer.
  app.post('/api/results/:id/records/:recordId/recheck', async (req, res) => {
    librarian(res, 'recheck a copy live');
    const pick = parseCopyPick(req.query);
    const set = await resultSetOr404(String(req.params.id));
    const record = set.records.find((r) => r.id === req.params.recordId);
    if (!record) throw new ProblemError(404, 'Record not found', 'no such source record in this result set');
    const answer = await gateway.recheckCopyOf(set, record, pick);
    res.set('Cache-Control', 'no-store').json(copyRecheckView(record, pick, answer));
  });

  // Every source record stays retrievable, with its MARC when asked.
  app.get('/api/results/:id/records/:recordId', async (req, res) => {
    const record = (await resultSetOr404(String(req.params.id))).records.find((r) => r.id === req.params.recordId);
    if (!record) throw new ProblemError(404, 'Record not found', 'no such source record in this result set');
    res.json(recordView(record, req.query.marc === '1'));
  });

  mount?.(app);

  app.use((req, res) => {
    sendProblem(res, new ProblemError(404, 'Not found', `no route for ${req.method} ${req.path}`));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ProblemError) return sendProblem(res, error, req.originalUrl, requestLanguage(req));
    if (error instanceof AdmissionRejected && !res.headersSent) {
      res.set('Retry-After', String(error.retryAfterSeconds));
      return sendProblem(res, busyProblem(error), req.originalUrl);
    }
    if (error instanceof StoreUnavailableError) {
      logger.warn({ err: error.message, path: req.path }, 'store unavailable');
      if (res.headersSent) return void res.end();
      return sendProblem(res, new ProblemError(503, 'Result sets temporarily unavailable', 'the shared result-set store cannot be reached; searching still works, paging this result set does not until it is back'), req.originalUrl);
    }
    // Errors that already say they are the client's (a body parser's 400/413, a router's
    // undecodable parameter) keep their status instead of becoming a 500.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      return sendProblem(res, new ProblemError(status, 'Invalid request', error instanceof Error ? error.message : 'the request was not understood'), req.originalUrl);
    }
    logger.error({ err: error, path: req.path }, 'unhandled API error');
    if (res.headersSent) return void res.end();
    sendProblem(res, new ProblemError(500, 'Internal error', 'the gateway failed to answer; the error was logged'), req.originalUrl);
  });

  return app;
}
