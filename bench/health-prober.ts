/**
 * Polls a /healthz URL from a process of its own (bench:load), as a load balancer's health check
 * would: the burst's client runs in the bench's process, and a probe timed there would also time
 * that client's own event loop stalls. Told `{ url, everyMs }` it polls, says 'ready' after its
 * first answer, and when told 'stop' sends back the latencies (ms) and exits.
 */
import { Agent, request } from 'undici';

const probe = new Agent({ connections: 1 });
let polling = false;

async function poll(url: string, everyMs: number): Promise<number[]> {
  const latencies: number[] = [];
  while (polling) {
    const started = performance.now();
    try {
      const res = await request(url, { dispatcher: probe, headersTimeout: 30_000, bodyTimeout: 30_000 });
      await res.body.dump();
    } catch {
      // A refused or reset probe counts as slow as it was.
    }
    latencies.push(performance.now() - started);
    // Ready once warm (loaded, connected, first answer in): the bench starts its burst only then.
    if (latencies.length === 1) process.send?.('ready');
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return latencies;
}

let running: Promise<number[]> | undefined;
process.on('message', (message: { url: string; everyMs: number } | 'stop') => {
  if (message === 'stop') {
    polling = false;
    void running?.then(async (latencies) => {
      await probe.close();
      process.send?.(latencies, () => process.exit(0));
    });
    return;
  }
  polling = true;
  running = poll(message.url, message.everyMs);
});
process.on('disconnect', () => process.exit(0));
