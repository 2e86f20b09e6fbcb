/**
 * Graceful restarts. The production build as a real process gets SIGTERM while a search, an SSE
 * search and an ILL submission are running: it refuses new connections, lets all three finish,
 * and exits 0 with the submission on disk. In process, a stream that outlives the grace period
 * ends with the `restart` event the UI shows as "server restarting, search again".
 */
import { connect } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { DraftStore } from '../../src/ill/store.ts';
import { silentLogger } from '../../src/logging.ts';
import { startGateway } from '../../src/server.ts';
import { sharedBuild } from '../helpers/built-dist.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { startBuilt, type BuiltGateway } from './built-gateway.ts';
import { startSruLibraries, type LibraryPeers } from './sru-libraries.ts';

const API_KEY = 'shutdown-test-key-0123456789abcdef';

/** Reads an SSE response to its end, resolving `started` at the first event. */
function readStream(url: string): { started: Promise<void>; events: Promise<{ event: string; data: Record<string, unknown> }[]> } {
  let onStart: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const events = (async () => {
    const res = await request(url);
    const out: { event: string; data: Record<string, unknown> }[] = [];
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += (chunk as Buffer).toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>;
        out.push({ event, data });
        onStart();
      }
    }
    return out;
  })();
  return { started, events };
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Polls the gateway's admission gauges until `n` searches are in it, or `over()` says waiting is moot. */
async function searchesInGateway(url: string, n: number, over: () => boolean): Promise<void> {
  while (!over()) {
    const text = await (await request(`${url}/metrics`, { headers: { 'x-api-key': API_KEY } })).body.text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    if (gauge('gateway_admission_running') + gauge('gateway_admission_queued') >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the port refuses connections (the gateway stops listening at SIGTERM, on its own schedule). */
async function untilRefused(url: string): Promise<boolean> {
  for (let i = 0; i < 200; i += 1) {
    if (await refused(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('SIGTERM', () => {
  let peers: LibraryPeers;
  beforeAll(async () => {
    peers = await startSruLibraries(['pku', 'thu'], 1500);
  }, 60_000);
  afterAll(async () => {
    await peers?.close();
  });

  describe('node dist/main.js', () => {
    let gw: BuiltGateway;
    beforeAll(async () => {
      const dist = await sharedBuild();
      gw = await startBuilt(dist, {
        libraries: peers.libraries,
        gateway: { deadlineMs: 8000, health: { port: 0 }, ill: { balis: { url: peers.balisUrl, timeoutMs: 10_000 } }, auth: { apiKeys: [{ name: 'ops', env: 'GATEWAY_OPS_KEY' }] } },
        env: { GATEWAY_OPS_KEY: API_KEY },
      });
    }, 240_000);
    afterAll(async () => {
      await gw?.stop();
    });

    it('finishes the running search, stream and submission, refuses new connections, and exits 0 with nothing lost', async () => {
      const auth = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
      const first = await request(`${gw.url}/api/search?title=${encodeURIComponent('The Cambridge History of China')}&limit=50`);
      const set = (await first.body.json()) as { resultSetId: string; clusters: { id: string; holdings: { library: string; eligible: boolean }[] }[] };
      const cluster = set.clusters.find((c) => c.holdings.some((h) => h.library === 'pku' && h.eligible))!;
      const created = await request(`${gw.url}/api/ill/drafts`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ resultSetId: set.resultSetId, clusterId: cluster.id, lender: 'pku', reader: { readerBarcode: '2024010123', readerName: '张三', recipientName: '张三', email: 'zhangsan@example.edu.cn' } }),
      });
      expect(created.statusCode).toBe(201);
      const draftId = ((await created.body.json()) as { id: string }).id;

      // In flight at SIGTERM: BALIS holds its answer; the libraries take 1.5 s to answer.
      peers.balis.holdAnswers = true;
      const balisGotIt = peers.balis.nextRequest();
      const submission = request(`${gw.url}/api/ill/drafts/${draftId}/submit`, { method: 'POST', headers: auth });
      await balisGotIt;
      const search = request(`${gw.url}/api/search?title=${encodeURIComponent('万历十五年')}`);
      let searchSettled = false;
      search.then(
        () => (searchSettled = true),
        () => (searchSettled = true),
      );
      const stream = readStream(`${gw.url}/api/search/stream?q=China`);
      await stream.started;
      // SIGTERM once the gateway holds both searches (not after a guessed sleep).
      await searchesInGateway(gw.url, 2, () => searchSettled);

      const healthUrl = gw.healthUrl();
      const before = await request(`${healthUrl}/readyz`);
      expect(before.statusCode).toBe(200);
      await before.body.dump();
      gw.child.kill('SIGTERM');
      expect(await untilRefused(gw.url)).toBe(true);
      // The balancer's port says draining while the submission is still held, so no new work comes.
      const health = await request(`${healthUrl}/healthz`);
      expect(health.statusCode).toBe(503);
      expect(await health.body.json()).toEqual({ status: 'draining' });
      const ready = await request(`${healthUrl}/readyz`);
      expect(ready.statusCode).toBe(503);
      await ready.body.dump();
      peers.balis.holdAnswers = false;
      peers.balis.release();

      const searched = await search;
      expect(searched.statusCode).toBe(200);
      const body = (await searched.body.json()) as { libraries: { state: string }[] };
      expect(body.libraries.map((l) => l.state)).toEqual(['ok', 'ok']);
      const events = await stream.events;
      expect(events.at(-1)?.event).toBe('done');
      const submitted = await submission;
      expect(submitted.statusCode).toBe(200);
      const requestNumber = ((await submitted.body.json()) as { draft: { submission: { requestNumber: string } } }).draft.submission.requestNumber;
      expect(requestNumber).toMatch(/^ST\d{8}$/);

      expect(await gw.exited).toEqual({ code: 0, signal: null });
      expect(gw.output()).toContain('gateway stopped');
      const store = new DraftStore(gw.dataDir);
      try {
        expect(store.get(draftId)).toMatchObject({ status: 'submitted', submission: { requestNumber } });
      } finally {
        store.close();
      }
    }, 60_000);
  });

  it('ends a stream still running when the grace period is over with the restart event', async () => {
    const config = parseConfig({ gateway: { port: 0, deadlineMs: 20_000 }, libraries: peers.libraries.map((l) => ({ ...l, timeoutMs: 20_000 })) }, 'shutdown-test', adapterRegistry);
    const gw = await startGateway({ config, registry: adapterRegistry, logger: silentLogger(), ill: { dataDir: tempDataDir() } });
    const stream = readStream(`${gw.url}/api/search/stream?q=${encodeURIComponent('restart test')}`);
    await stream.started;
    const outcome = await gw.shutdown(100);
    expect(outcome).toEqual({ finished: false, streamsEnded: 1 });
    const events = await stream.events;
    expect(events.at(-1)).toEqual({ event: 'restart', data: { title: 'Server restarting: search again', status: 503 } });
  });
});
