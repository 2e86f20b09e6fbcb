/**
 * `gateway.health`: /healthz and /readyz on a port of their own, answered by a worker thread
 * (src/http/health-thread.ts) so that a load balancer's check is not queued behind a burst of
 * searches on the main event loop. The main thread publishes a heartbeat every beatMs and the
 * outcome of its readiness checks every second; the thread answers from the last of them.
 */
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging.ts';
import { healthStateBuffer, writeHealth } from './health-state.ts';
import type { HealthThreadData } from './health-thread.ts';

export interface HealthListenerSettings {
  host: string;
  port: number;
  maxLoopStallMs: number;
}

export interface HealthListener {
  url: string;
  /** Says draining at once (before the drain's wait), so balancers stop sending new work. */
  draining(): void;
  close(): Promise<void>;
}

const BEAT_MS = 100;
const READY_EVERY_MS = 1000;

/** The thread's module: the compiled file in dist/; from source, the one module transpiled here. */
async function threadModule(): Promise<URL> {
  if (!import.meta.url.endsWith('.ts')) return new URL('./health-thread.js', import.meta.url);
  // Worker threads get no TypeScript loader under tsx or vitest; esbuild is a devDependency,
  // reached only from source, never from dist/ (test/service/build.test.ts).
  const { transform } = await import('esbuild');
  const source = await readFile(new URL('./health-thread.ts', import.meta.url), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export async function startHealthListener(settings: HealthListenerSettings, facts: { libraries: number; ready: () => Promise<boolean>; logger: Logger }): Promise<HealthListener> {
  const buffer = healthStateBuffer();
  writeHealth(buffer, { beatAt: Date.now(), draining: false, ready: await facts.ready(), readyAt: Date.now() });
  const data: HealthThreadData = { healthThread: true, buffer, host: settings.host, port: settings.port, maxLoopStallMs: settings.maxLoopStallMs, libraries: facts.libraries };
  const worker = new Worker(await threadModule(), { workerData: data });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port?: number; error?: string }) => (message.port === undefined ? reject(new Error(`gateway.health: ${message.error ?? 'the health listener did not start'}`)) : resolve(message.port)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`gateway.health: the health listener exited with ${code}`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.on('error', (error) => facts.logger.error({ err: error }, 'health listener failed'));

  const beat = setInterval(() => writeHealth(buffer, { beatAt: Date.now() }), BEAT_MS);
  let checking = false;
  const check = setInterval(() => {
    if (checking) return;
    checking = true;
    facts
      .ready()
      .catch(() => false)
      .then((ready) => writeHealth(buffer, { ready, readyAt: Date.now() }))
      .finally(() => (checking = false));
  }, READY_EVERY_MS);
  beat.unref();
  check.unref();

  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}`,
    draining: () => writeHealth(buffer, { draining: true }),
    close: async () => {
      clearInterval(beat);
      clearInterval(check);
      await worker.terminate();
    },
  };
}
