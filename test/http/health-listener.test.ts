/** The health listener's real thread, started from source (transpiled), on a free loopback port. */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthListener, type HealthListener } from '../../src/http/health-listener.ts';
import { createLogger } from '../../src/logging.ts';

const logger = createLogger({ level: 'silent' });
let listener: HealthListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function get(path: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') {
  const res = await request(`${listener?.url}${path}`, { method });
  return { status: res.statusCode, headers: res.headers, body: method === 'HEAD' ? '' : await res.body.text() };
}

describe('startHealthListener', () => {
  it('answers /healthz and /readyz on its own port from the published state', async () => {
    let ready = true;
    listener = await startHealthListener({ host: '127.0.0.1', port: 0, maxLoopStallMs: 10_000 }, { libraries: 3, logger, ready: async () => ready });
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', libraries: 3 });
    expect((await get('/readyz')).status).toBe(200);
    expect((await get('/healthz', 'HEAD')).status).toBe(200);

    // The main thread re-checks readiness every second and publishes the outcome.
    ready = false;
    await expect.poll(async () => (await get('/readyz')).status, { timeout: 5000, interval: 200 }).toBe(503);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('refuses other paths and methods with problem+json', async () => {
    listener = await startHealthListener({ host: '127.0.0.1', port: 0, maxLoopStallMs: 10_000 }, { libraries: 3, logger, ready: async () => true });
    const missing = await get('/api/search?q=x');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(missing.body)).toMatchObject({ status: 404 });
    const post = await get('/healthz', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('says draining as soon as shutdown begins', async () => {
    listener = await startHealthListener({ host: '127.0.0.1', port: 0, maxLoopStallMs: 10_000 }, { libraries: 3, logger, ready: async () => true });
    listener.draining();
    expect(JSON.parse((await get('/healthz')).body)).toEqual({ status: 'draining' });
    expect((await get('/readyz')).status).toBe(503);
  });

  it('answers while the main loop is blocked, and says stalled once the block outlasts the limit', async () => {
    listener = await startHealthListener({ host: '127.0.0.1', port: 0, maxLoopStallMs: 300 }, { libraries: 3, logger, ready: async () => true });
    // This thread blocks (no heartbeat) until a probe thread has seen "stalled", asking every 50 ms.
    const done = new Int32Array(new SharedArrayBuffer(4));
    const probe = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const answers = [];
        while (!answers.includes('503 stalled') && answers.length < 400) {
          const r = await fetch(workerData.url);
          answers.push(r.status + ' ' + (await r.json()).status);
          await new Promise((ok) => setTimeout(ok, 50));
        }
        parentPort.postMessage(answers);
        Atomics.store(workerData.done, 0, 1);
        Atomics.notify(workerData.done, 0);
      })();`,
      { eval: true, workerData: { url: `${listener.url}/healthz`, done } },
    );
    const answered = once(probe, 'message') as Promise<[string[]]>;
    const woke = Atomics.wait(done, 0, 0, 30_000);
    const [answers] = await answered;
    await probe.terminate();
    expect(woke).toBe('ok');
    expect(answers.at(-1)).toBe('503 stalled');
    expect(answers.slice(0, -1).every((a) => a === '200 ok')).toBe(true);
    // Up to the limit the thread said ok; after it, stalled; never a timeout or an error.
    await expect.poll(async () => (await get('/healthz')).status, { timeout: 2000, interval: 50 }).toBe(200);
  });

  it('stops start-up with the field named when the port is taken', async () => {
    listener = await startHealthListener({ host: '127.0.0.1', port: 0, maxLoopStallMs: 10_000 }, { libraries: 3, logger, ready: async () => true });
    const port = Number(new URL(listener.url).port);
    await expect(startHealthListener({ host: '127.0.0.1', port, maxLoopStallMs: 10_000 }, { libraries: 3, logger, ready: async () => true })).rejects.toThrow(/gateway\.health: .*EADDRINUSE/);
  });
});
