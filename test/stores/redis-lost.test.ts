/**
 * Redis lost while the gateway runs, and back (issue 13): searches still answer; the outage is
 * flagged in /api/libraries, /readyz and the metrics (gateway_degraded, gateway_store_up); a
 * result set that only Redis holds gets 503 problem+json; once Redis is back the gateway
 * reconnects by itself and reads work again. Two instances, so one reads what the other made.
 */
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedis, type RedisPeer } from '../../peers/services.ts';
import type { RunningDemo } from '../../src/demo/start.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';
import { describeService } from '../peers/services.ts';

const LIBRARIANS = { 'x-demo-role': 'librarian' };

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  const res = await request(url, { headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: await res.body.text() };
}

/** Polls /readyz until it reports the wanted status (ioredis notices a lost or returned Redis on its own schedule). */
async function readiness(gw: RunningDemo, status: number): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if ((await get(`${gw.url}/readyz`)).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/readyz never answered ${status}`);
}

const gauge = (metrics: string, line: RegExp) => Number(line.exec(metrics)?.[1]);

describeService('Redis lost at run time (gateway on shared stores)', ['redis'], () => {
  let redis: RedisPeer;
  let a: RunningDemo;
  let b: RunningDemo;

  beforeAll(async () => {
    redis = await startRedis();
    const stores = { resultSets: { kind: 'redis', url: redis.url }, limits: { kind: 'redis', url: redis.url }, health: { kind: 'redis', url: redis.url } };
    [a, b] = await Promise.all([startSimulatedGateway([{ id: 'pku' }, { id: 'thu' }], { stores }), startSimulatedGateway([{ id: 'pku' }, { id: 'thu' }], { stores })]);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('answers searches degraded, flags it, gives 503 problem+json for shared result sets, and reconnects', async () => {
    const shared = JSON.parse((await get(`${a.url}/api/search?q=literature`)).body) as { resultSetId: string };
    expect((await get(`${b.url}/api/results/${shared.resultSetId}`)).status).toBe(200);
    // Not read on B yet, so B has no copy of its own (a set read once is kept decoded in process).
    const made = JSON.parse((await get(`${a.url}/api/search?q=history`)).body) as { resultSetId: string };
    expect(gauge((await get(`${b.url}/metrics`, LIBRARIANS)).body, /^gateway_degraded (\d+)$/mu)).toBe(0);

    await redis.stop();
    await readiness(b, 503);
    const ready = JSON.parse((await get(`${b.url}/readyz`)).body) as { checks: Record<string, string> };
    expect(ready.checks).toMatchObject({ 'resultSets-store': 'failing', 'limits-store': 'failing', 'health-store': 'failing' });
    // Searching still works, degraded.
    const search = await get(`${b.url}/api/search?q=China`);
    expect(search.status).toBe(200);
    expect((JSON.parse(search.body) as { total: number }).total).toBeGreaterThan(0);
    // A's set lives only in Redis as far as B knows: 503, problem+json, no stack trace.
    const read = await get(`${b.url}/api/results/${made.resultSetId}`);
    expect(read.status).toBe(503);
    expect(read.type).toContain('application/problem+json');
    expect(JSON.parse(read.body)).toMatchObject({ status: 503, title: 'Result sets temporarily unavailable' });
    expect(read.body).not.toMatch(/at \w+ \(|node_modules/u);
    const libraries = JSON.parse((await get(`${b.url}/api/libraries`, LIBRARIANS)).body) as { degraded: boolean; stores: { store: string; ready: boolean }[] };
    expect(libraries.degraded).toBe(true);
    expect(libraries.stores.find((s) => s.store === 'resultSets')).toMatchObject({ kind: 'redis', ready: false });
    const metrics = (await get(`${b.url}/metrics`, LIBRARIANS)).body;
    expect(gauge(metrics, /^gateway_degraded (\d+)$/mu)).toBe(1);
    expect(gauge(metrics, /^gateway_store_up\{store="resultSets",kind="redis"\} (\d+)$/mu)).toBe(0);
    expect(gauge(metrics, /^gateway_store_up\{store="ill",kind="sqlite"\} (\d+)$/mu)).toBe(1);

    // Back on the same address: both instances reconnect by themselves and share sets again.
    redis = await startRedis({ port: redis.port });
    await Promise.all([readiness(a, 200), readiness(b, 200)]);
    const again = JSON.parse((await get(`${a.url}/api/search?q=economics`)).body) as { resultSetId: string };
    expect((await get(`${b.url}/api/results/${again.resultSetId}`)).status).toBe(200);
    expect(JSON.parse((await get(`${b.url}/api/libraries`)).body)).toMatchObject({ degraded: false });
    expect(gauge((await get(`${b.url}/metrics`, LIBRARIANS)).body, /^gateway_degraded (\d+)$/mu)).toBe(0);
  }, 60_000);
});
