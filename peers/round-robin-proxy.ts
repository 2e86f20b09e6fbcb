/**
 * A small round-robin HTTP load balancer on loopback, in front of several gateway instances:
 * what nginx's `upstream` does, small enough to watch. Each request goes to the next live
 * upstream; one that refuses or drops the connection before answering is marked down and the
 * request moves on to the next, but only when it is safe to send twice (GET and HEAD, like
 * nginx's proxy_next_upstream without non_idempotent): a POST gets a 502 problem and the
 * client decides. Answers are streamed through (Server-Sent Events arrive event by event) and
 * carry `X-Upstream: <name>`. Every request has a timeout.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  name: string;
  url: string;
}

interface ProxiedRequest {
  method: string;
  path: string;
  /** Upstreams tried, in order; the last one answered unless `status` is 502 from the proxy itself. */
  tried: string[];
  status: number;
}

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded to an upstream that has not answered yet. */
  inFlight(name: string): number;
  /** Every request so far, answered or not. */
  readonly log: readonly ProxiedRequest[];
  /** Upstreams marked down after a failed connection. */
  down(): string[];
  close(): Promise<void>;
}

const SAFE_TO_REPEAT = new Set(['GET', 'HEAD']);
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'];

export async function startRoundRobinProxy(upstreams: readonly Upstream[], options: { timeoutMs?: number } = {}): Promise<RoundRobinProxy> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const downSet = new Set<string>();
  const inFlight = new Map<string, number>(upstreams.map((u) => [u.name, 0]));
  const log: ProxiedRequest[] = [];
  let turn = 0;

  const pick = (exclude: ReadonlySet<string>): Upstream | undefined => {
    for (let i = 0; i < upstreams.length; i += 1) {
      const candidate = upstreams[(turn + i) % upstreams.length] as Upstream;
      if (downSet.has(candidate.name) || exclude.has(candidate.name)) continue;
      turn = (turn + i + 1) % upstreams.length;
      return candidate;
    }
    return undefined;
  };

  const forward = (upstream: Upstream, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<'answered' | 'unreachable'> =>
    new Promise((resolve) => {
      const target = new URL(req.url ?? '/', upstream.url);
      const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
      for (const h of HOP_BY_HOP) delete headers[h];
      if (body.length > 0) headers['content-length'] = String(body.length);
      inFlight.set(upstream.name, (inFlight.get(upstream.name) ?? 0) + 1);
      let settled = false;
      const settle = (outcome: 'answered' | 'unreachable') => {
        if (settled) return;
        settled = true;
        inFlight.set(upstream.name, (inFlight.get(upstream.name) ?? 1) - 1);
        resolve(outcome);
      };
      const outgoing = request(target, { method: req.method, headers, signal: AbortSignal.timeout(timeoutMs) }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-upstream': upstream.name });
        res.flushHeaders();
        answer.pipe(res);
        // An upstream dying mid-answer cuts the client's connection too: the client sees it.
        answer.once('error', () => res.destroy());
        answer.once('close', () => {
          if (!answer.complete) res.destroy();
          settle('answered');
        });
      });
      outgoing.once('error', () => {
        if (res.headersSent) {
          res.destroy();
          settle('answered');
        } else settle('unreachable');
      });
      // The client going away stops the upstream request (a closed SSE stream ends the search).
      res.once('close', () => {
        if (!res.writableFinished) outgoing.destroy();
      });
      outgoing.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const entry: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', tried: [], status: 0 };
    log.push(entry);
    const tried = new Set<string>();
    for (;;) {
      const upstream = pick(tried);
      if (!upstream) break;
      tried.add(upstream.name);
      entry.tried.push(upstream.name);
      const outcome = await forward(upstream, req, body, res);
      if (outcome === 'answered') {
        entry.status = res.statusCode;
        return;
      }
      downSet.add(upstream.name);
      if (!SAFE_TO_REPEAT.has(entry.method)) break;
    }
    entry.status = 502;
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Bad gateway', status: 502, detail: 'the upstream instance dropped the connection; the request may or may not have been processed' }));
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: (name) => inFlight.get(name) ?? 0,
    log,
    down: () => [...downSet],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
