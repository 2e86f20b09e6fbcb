/**
 * Metrics, access log and readiness on the production path: /metrics only for librarians and
 * API keys, with the promised series and no query text or reader data; a request id in the
 * access log, in X-Request-Id, in problem+json and on the search's own log line; /readyz
 * answers ready while /healthz only says up.
 */
import { Writable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry, illSubmission } from '../../adapters/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/logging.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { startSruLibraries, type LibraryPeers } from './sru-libraries.ts';

const KEY = 'observability-test-key-0123456789';
const READER = { 'x-remote-user': 'reader-a@pku.edu.cn' };

describe('observability', () => {
  let peers: LibraryPeers;
  let gw: RunningGateway;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    peers = await startSruLibraries(['pku', 'thu']);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = parseConfig(
      { gateway: { port: 0, ill: { dataDir: tempDataDir(), balis: { url: peers.balisUrl } }, auth: { proxy: { trustedProxies: ['127.0.0.1'] }, apiKeys: [{ name: 'prometheus', env: 'PROM_KEY' }] } }, libraries: peers.libraries },
      'observability-test',
      adapterRegistry,
    );
    gw = await startGateway({ config, registry: adapterRegistry, illSubmission, logger: createLogger({ level: 'info', destination: sink }), env: { PROM_KEY: KEY } });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await peers?.close();
  });

  it('serves Prometheus metrics to librarians only, without query text or reader data', async () => {
    const title = 'Cambridge History of China';
    const search = await request(`${gw.url}/api/search?title=${encodeURIComponent(title)}`);
    const set = (await search.body.json()) as { resultSetId: string; clusters: { id: string; holdings: { library: string; eligible: boolean }[] }[] };
    await (await request(`${gw.url}/api/search?title=${encodeURIComponent(title)}`)).body.dump();
    const cluster = set.clusters.find((c) => c.holdings.some((h) => h.library === 'pku' && h.eligible))!;
    const draft = await request(`${gw.url}/api/ill/drafts`, {
      method: 'POST',
      headers: { ...READER, 'content-type': 'application/json' },
      body: JSON.stringify({ resultSetId: set.resultSetId, clusterId: cluster.id, lender: 'pku', reader: { readerBarcode: '2024010123', readerName: '张三', recipientName: '张三', email: 'zhangsan@example.edu.cn' } }),
    });
    const id = ((await draft.body.json()) as { id: string }).id;
    await (await request(`${gw.url}/api/ill/drafts/${id}/submit`, { method: 'POST', headers: READER })).body.dump();
    const stream = await request(`${gw.url}/api/search/stream?q=China`);
    await stream.body.text();

    expect((await request(`${gw.url}/metrics`)).statusCode).toBe(401);
    expect((await request(`${gw.url}/metrics`, { headers: READER })).statusCode).toBe(403);
    for (const headers of [{ 'x-api-key': KEY }, { authorization: `Bearer ${KEY}` }]) {
      const res = await request(`${gw.url}/metrics`, { headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      const text = await res.body.text();
      expect(text).toMatch(/^gateway_searches_total\{cache="miss"\} [1-9]/m);
      expect(text).toMatch(/^gateway_searches_total\{cache="hit"\} [1-9]/m);
      expect(text).toMatch(/^gateway_cache_hits_total [1-9]/m);
      expect(text).toMatch(/^gateway_library_outcomes_total\{library="pku",state="ok"\} [1-9]/m);
      expect(text).toMatch(/^gateway_library_latency_seconds_bucket\{le="[0-9.]+",library="thu"\} \d/m);
      expect(text).toMatch(/^gateway_sse_clients 0$/m);
      expect(text).toMatch(/^gateway_admission_running 0$/m);
      expect(text).toMatch(/^gateway_admission_limit [1-9]/m);
      expect(text).toMatch(/^gateway_admission_refused_total\{reason="queue-full"\} 0$/m);
      expect(text).toMatch(/^gateway_library_timeout_seconds\{library="pku",learned="no"\} [0-9.]+$/m);
      expect(text).toMatch(/^gateway_ill_drafts_total\{outcome="created"\} 1$/m);
      expect(text).toMatch(/^gateway_ill_submissions_total\{outcome="submitted"\} 1$/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      for (const secret of ['Cambridge', 'China', '2024010123', '张三', 'zhangsan', 'reader-a']) expect(text).not.toContain(secret);
    }
  });

  it('gives each request an id: X-Request-Id, problem+json, the access log and the search log', async () => {
    const res = await request(`${gw.url}/api/search?title=${encodeURIComponent('万历十五年')}`, { headers: { 'x-request-id': 'trace-42' } });
    expect(res.headers['x-request-id']).toBe('trace-42');
    await res.body.dump();
    const problem = await request(`${gw.url}/api/ill/drafts?all=1`);
    const body = (await problem.body.json()) as { requestId: string; status: number };
    expect(body.status).toBe(401);
    expect(body.requestId).toBe(problem.headers['x-request-id']);
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const access = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'trace-42');
    expect(access).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 200 } });
    expect(lines.find((l) => l.msg === 'search finished' && l.requestId === 'trace-42')).toBeDefined();
    // No credentials or reader data in the access log.
    const listing = await request(`${gw.url}/api/ill/drafts?readerBarcode=2024010123`, { headers: { 'x-api-key': KEY } });
    await listing.body.dump();
    const all = JSON.stringify(lines);
    for (const secret of [KEY, '2024010123', 'reader-a@pku.edu.cn']) expect(all).not.toContain(secret);
  });

  it('tells up (/healthz) from ready (/readyz: config loaded, stores answering)', async () => {
    const health = await request(`${gw.url}/healthz`);
    expect(((await health.body.json()) as { status: string }).status).toBe('ok');
    const ready = await request(`${gw.url}/readyz`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toEqual({ status: 'ready', checks: { config: 'ok', 'ill-store': 'ok', 'resultSets-store': 'ok', 'limits-store': 'ok', 'health-store': 'ok' } });
    gw.ill.store.close();
    const notReady = await request(`${gw.url}/readyz`);
    expect(notReady.statusCode).toBe(503);
    expect(await notReady.body.json()).toEqual({ status: 'not ready', checks: { config: 'ok', 'ill-store': 'failing', 'resultSets-store': 'ok', 'limits-store': 'ok', 'health-store': 'ok' } });
  });
});
