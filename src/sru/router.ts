/**
 * The gateway's SRU endpoint as an express router (mounted at /sru by src/http/app.ts):
 * /sru is the whole union, /sru/<database> a library or a group (databases.ts).
 * GET for every version, POST (form-encoded) for 1.2 and 2.0, CORS for portals that call
 * from the browser. Every answer is SRU XML with text/xml; charset=utf-8 — diagnostics
 * instead of HTML error pages, and never a 500 for bad input.
 */
import express, { type Request, type Response } from 'express';
import { principalOf } from '../auth/principal.ts';
import { AdmissionRejected, clientSignal, type Gateway } from '../gateway/index.ts';
import { clientKey } from '../http/client-key.ts';
import { decodeQueryString } from '../http/query-string.ts';
import { withRequestId } from '../http/access-log.ts';
import type { Logger } from '../logging.ts';
import type { OperationRequest, SruService } from './context.ts';
import { DatabaseCatalog, sruSettings } from './databases.ts';
import { diagnostic } from './diagnostics.ts';
import { explain } from './explain.ts';
import { decideOperation, isOperation, SruParams, unsupportedParameters, type SruOperation } from './params.ts';
import { scan } from './scan.ts';
import { searchRetrieve } from './search-retrieve.ts';
import { TermIndex } from './term-index.ts';
import { negotiateVersion } from './version.ts';
import { scanResponseXml } from './write-other.ts';
import { searchRetrieveXml, type SruDiagnosticOut, type SruVersion } from './write.ts';
import { AfterAnswer } from '../gateway/after-answer.ts';

const MAX_BODY = 256 * 1024;
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

export interface SruRouterOptions {
  logger?: Logger;
}

/** The answer for a request that fails before its operation runs (in that operation's response element). */
function fatal(operation: string, version: SruVersion, d: SruDiagnosticOut): string {
  return operation === 'scan'
    ? scanResponseXml({ version, terms: [], diagnostics: [d] })
    : searchRetrieveXml({ version, numberOfRecords: 0, records: [], diagnostics: [d] });
}

function send(res: Response, xml: string, status = 200): void {
  res.status(status).set({ ...CORS, 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' }).send(xml);
}

function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** host and port the client used (Host header), for explain's serverInfo. */
function hostAndPort(req: Request): { host: string; port: number } {
  const header = req.headers.host ?? '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  if (match?.[1]) return { host: match[1], port: match[2] ? Number(match[2]) : 80 };
  return { host: req.socket.localAddress ?? 'localhost', port: req.socket.localPort ?? 80 };
}

export function sruRouter(gateway: Gateway, options: SruRouterOptions = {}): express.Router {
  const settings = sruSettings(gateway.config);
  const catalog = new DatabaseCatalog(gateway.libraries, settings);
  const libraries = new Map(gateway.libraries.map((l) => [l.id, l]));
  const service: SruService = {
    gateway,
    settings,
    catalog,
    libraries,
    render: { libraries, withholdMarc: new Set(settings.withholdMarc) },
    terms: new TermIndex(),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const router = express.Router();

  router.use(async (req, res) => {
    if (req.method === 'OPTIONS') {
      res.status(204).set(CORS).end();
      return;
    }
    const isPost = req.method === 'POST';
    if (!isPost && req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD, POST, OPTIONS');
      send(res, fatal('explain', '1.2', diagnostic(4, req.method, `Unsupported operation: HTTP ${req.method} (use GET or POST)`)), 405);
      return;
    }
    // Strictly decoded: a bad escape, non-UTF-8 bytes or a control character is diagnostic 6
    // naming the parameter, not a U+FFFD searched for. Repeats are SruParams' to report.
    const mark = req.originalUrl.indexOf('?');
    const query = decodeQueryString(mark < 0 ? '' : req.originalUrl.slice(mark + 1), 'any');
    const pairs = query.pairs;
    const badEncoding = query.problems;
    if (isPost) {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') {
        send(res, fatal('explain', '1.2', diagnostic(4, type || 'no content type', 'Unsupported operation: POST takes application/x-www-form-urlencoded (SRW/SOAP is not supported)')), 415);
        return;
      }
      try {
        const form = decodeQueryString(await readBody(req), 'any');
        pairs.push(...form.pairs);
        badEncoding.push(...form.problems);
      } catch {
        send(res, fatal('explain', '1.2', diagnostic(6, 'body', `Unsupported parameter value: the form body exceeds ${MAX_BODY} bytes`)), 413);
        return;
      }
    }
    const params = new SruParams(pairs);
    const encodingProblem = badEncoding[0];
    if (encodingProblem) {
      const d = diagnostic(6, encodingProblem.parameter, `Unsupported parameter value: ${encodingProblem.parameter} ${encodingProblem.detail}`);
      return send(res, fatal(decideOperation(params), negotiateVersion(params.get('version')).version, d));
    }
    const operationName = decideOperation(params);
    const negotiated = negotiateVersion(params.get('version'));
    const version = negotiated.version;
    if (negotiated.error) return send(res, fatal(operationName, version, negotiated.error));
    if (isPost && version === '1.1') {
      return send(res, fatal(operationName, version, diagnostic(5, '1.2', 'Unsupported version: HTTP POST needs SRU 1.2 or 2.0')));
    }
    const database = catalog.find(req.path);
    if (!database) {
      const name = req.path.replace(/^\/+/, '');
      return send(res, fatal(operationName, version, diagnostic(1, `unknown database "${name}"`, 'General system error: no such database; the explain record of /sru lists them')), 404);
    }
    if (!isOperation(operationName)) {
      return send(res, fatal('searchRetrieve', version, diagnostic(4, operationName, `Unsupported operation "${operationName}" (explain, searchRetrieve, scan)`)));
    }
    const operation: SruOperation = operationName;
    const problems = [
      ...params.repeated.map((name) => diagnostic(6, name, `Unsupported parameter value: "${name}" given more than once`)),
      ...unsupportedParameters(params, operation, version),
    ];
    // explain still answers with its record; the other operations stop at the first problem.
    if (problems.length > 0 && operation !== 'explain') return send(res, fatal(operation, version, problems[0] as SruDiagnosticOut));
    const warnings = [...problems];
    const stylesheet = params.get('stylesheet');
    if (stylesheet !== undefined) warnings.push(diagnostic(110, stylesheet, 'Stylesheets not supported: the response is sent without one'));
    const after = new AfterAnswer();
    const request: OperationRequest = {
      params,
      version,
      database,
      client: clientKey(req, principalOf(res)?.id),
      ...withRequestId(req),
      signal: clientSignal(res, 'SRU client'),
      ...hostAndPort(req),
      warnings,
      defer: after.defer,
    };
    try {
      if (operation === 'searchRetrieve') send(res, await searchRetrieve(request, service));
      else if (operation === 'scan') send(res, scan(request, service));
      else send(res, explain(request, service));
    } catch (error) {
      if (request.signal.aborted) return;
      if (error instanceof AdmissionRejected) {
        res.set('Retry-After', String(error.retryAfterSeconds));
        return send(res, fatal(operation, version, diagnostic(2, error.reason, `System temporarily unavailable: ${error.message}`)), 503);
      }
      options.logger?.error({ err: error, path: req.originalUrl }, 'SRU request failed');
      send(res, fatal(operation, version, diagnostic(1, undefined, 'General system error; the error was logged')));
    } finally {
      // Bookkeeping the response did not wait for, done in the turn that sent it (context.ts defer).
      after.run((error) => options.logger?.error({ err: error, path: req.originalUrl }, 'SRU bookkeeping after the answer failed'));
    }
  });

  return router;
}
