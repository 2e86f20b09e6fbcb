/**
 * The health listener's thread (started by src/http/health-listener.ts): a bare node:http server
 * on its own port and its own event loop, answering /healthz and /readyz from what the main
 * thread last published in a SharedArrayBuffer. A burst of a thousand searches holds the main
 * loop for a second on two cores, and a load balancer must not take that for a dead instance; a
 * main loop that has not beaten for maxLoopStallMs is reported as stalled.
 *
 * Self-contained (node: imports only): from source it runs as one module transpiled on the fly,
 * from dist/ as the compiled file. The rule and the slot layout are exported for the main side.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/** The slots of the shared buffer, each a BigInt64 written and read with Atomics. */
export const SLOT = { beatAt: 0, draining: 1, ready: 2, readyAt: 3 } as const;
export const SLOTS = 4;

export interface PublishedHealth {
  /** When the main loop last beat (ms since the epoch). */
  beatAt: number;
  draining: boolean;
  /** The main thread's last readiness check: config, ILL store and shared stores answer. */
  ready: boolean;
  /** When that check ran (ms since the epoch). */
  readyAt: number;
}

export interface HealthThreadData {
  healthThread: true;
  buffer: SharedArrayBuffer;
  host: string;
  port: number;
  maxLoopStallMs: number;
  libraries: number;
}

export function readHealth(buffer: SharedArrayBuffer): PublishedHealth {
  const slots = new BigInt64Array(buffer);
  return {
    beatAt: Number(Atomics.load(slots, SLOT.beatAt)),
    draining: Atomics.load(slots, SLOT.draining) === 1n,
    ready: Atomics.load(slots, SLOT.ready) === 1n,
    readyAt: Number(Atomics.load(slots, SLOT.readyAt)),
  };
}

/** What /healthz or /readyz answers from the published state at `now`; undefined for any other path. */
export function answerHealth(path: string, state: PublishedHealth, now: number, settings: { maxLoopStallMs: number; libraries: number }): { status: number; body: Record<string, unknown> } | undefined {
  const beatAgoMs = Math.max(0, now - state.beatAt);
  const stalled = beatAgoMs > settings.maxLoopStallMs;
  if (path === '/healthz') {
    if (stalled) return { status: 503, body: { status: 'stalled', stalledMs: beatAgoMs } };
    if (state.draining) return { status: 503, body: { status: 'draining' } };
    return { status: 200, body: { status: 'ok', libraries: settings.libraries, loopBeatMsAgo: beatAgoMs } };
  }
  if (path === '/readyz') {
    // A readiness answer older than the stall limit is no answer: the main thread stopped checking.
    const checkedMsAgo = Math.max(0, now - state.readyAt);
    const ready = state.ready && checkedMsAgo <= settings.maxLoopStallMs && !stalled && !state.draining;
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not ready', checkedMsAgo, ...(state.draining ? { draining: true } : {}), ...(stalled ? { stalledMs: beatAgoMs } : {}) } };
  }
  return undefined;
}

const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function serve(data: HealthThreadData): void {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const known = path === '/healthz' || path === '/readyz';
    const answer = known && (req.method === 'GET' || req.method === 'HEAD') ? answerHealth(path, readHealth(data.buffer), Date.now(), data) : undefined;
    if (!answer) {
      const problem = known ? { title: 'Method not allowed', status: 405, detail: 'use GET or HEAD' } : { title: 'Not found', status: 404, detail: 'this port answers /healthz and /readyz only' };
      res.writeHead(problem.status, { ...HEADERS, 'Content-Type': 'application/problem+json', ...(known ? { Allow: 'GET, HEAD' } : {}) });
      res.end(JSON.stringify(problem));
      return;
    }
    res.writeHead(answer.status, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(answer.body));
  });
  // Health checks are tiny: a slow or idle client must not hold a socket.
  server.requestTimeout = 5000;
  server.headersTimeout = 5000;
  server.keepAliveTimeout = 5000;
  server.once('error', (error) => parentPort?.postMessage({ error: error.message }));
  server.listen(data.port, data.host, () => parentPort?.postMessage({ port: (server.address() as AddressInfo).port }));
}

if (!isMainThread && (workerData as Partial<HealthThreadData> | null)?.healthThread === true) serve(workerData as HealthThreadData);
