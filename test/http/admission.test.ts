/** Admission control through the front ends: a refused search is an immediate 503 (SRU: diagnostic 2); reads bypass. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from 'undici';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

describe('admission control over HTTP', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startSimulatedGateway([{ id: 'pku', latencyMs: 2500 }], { admission: { maxInFlight: 1, maxQueue: 0, perClient: 1 } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 503 with Retry-After at once while the only slot is taken; cached reads and /healthz go through', async () => {
    const first = await request(`${gw.url}/api/search?title=Cambridge%20history`);
    const { resultSetId } = (await first.body.json()) as { resultSetId: string };

    const running = request(`${gw.url}/api/search?title=China`);
    // These are sent once the search holds the only slot (its library takes 2.5 s to answer), not after a guessed sleep.
    await vi.waitFor(() => expect(gw.gateway.admission.stats.running).toBe(1), { timeout: 5000, interval: 10 });
    const [busy, sru, stream, cachedSearch, read, health] = await Promise.all([
      request(`${gw.url}/api/search?title=history`),
      request(`${gw.url}/sru?version=1.2&query=history`),
      request(`${gw.url}/api/search/stream?title=history`),
      request(`${gw.url}/api/search?title=Cambridge%20history`),
      request(`${gw.url}/api/results/${resultSetId}`),
      request(`${gw.url}/healthz`),
    ]);
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('3');
    expect(String(busy.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(((await busy.body.json()) as { title: string }).title).toBe('Gateway busy');
    expect(sru.statusCode).toBe(503);
    expect(await sru.body.text()).toContain('info:srw/diagnostic/1/2<');
    expect(stream.statusCode).toBe(503);
    expect(String(stream.headers['content-type'])).toMatch(/^application\/problem\+json/);
    await stream.body.dump();
    expect(cachedSearch.statusCode).toBe(200);
    expect(((await cachedSearch.body.json()) as { fromCache: boolean }).fromCache).toBe(true);
    expect(read.statusCode).toBe(200);
    await read.body.dump();
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    expect((await running).statusCode).toBe(200);
    expect(gw.gateway.admission.stats).toMatchObject({ running: 0, queued: 0 });
  });
});
