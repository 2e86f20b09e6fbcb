/**
 * `npm run bench:fanout`: 32 simulated SRU libraries, latencies configured 20–200 ms, 20 records
 * each, searched through the gateway's HTTP API.
 *
 * Sides:
 * - the simulators run in a CHILD process (bench/fanout-simulators.ts), so they do not share
 *   the gateway's event loop: a gateway stall does not stretch the libraries' answers too;
 * - gateway: GET /api/search (fan-out to all 32, decode, map, merge, rank, first page as JSON);
 * - direct: one SRU request to the slowest library (configured 200 ms), the same query and
 *   maximumRecords, sent right after each gateway search (interleaved).
 * Ratios divide the gateway's latency by the CONFIGURED latency of the slowest library (what an
 * ideal fan-out would take); the raw p50/p99 of both sides are printed beside them.
 * Cache: searches/s with the cache off (every search asks the libraries), and with it on over
 * DISTINCT queries, each searched once to fill the cache and then repeated.
 * Streaming: time from request to the first `clusters` event of /api/search/stream ÷ the
 * configured latency of the fastest library (20 ms).
 * Floor (informational, not in the goals; its own phase after the streams): the same 32 requests
 * from a bare client at once (bench/fanout-floor.ts), so the simulators' own time under a burst,
 * which the configured latencies leave out, is seen beside the gateway's.
 * CPU: process.cpuUsage() of this process (the gateway and this bench's client; the simulators
 * are in the child) across each timed search only, so the figure holds under a machine's load
 * when the wall-clock ratios do not. Every side reads its answer as text and nothing more within
 * the clock and the CPU figure (the gateway's JSON, 417 KB, is parsed after them: JSON.parse
 * of it took this process a median 1.6 ms a search, work the direct request and the floor never do).
 * The bench runs under the deploy unit's node flags (bench/deploy-flags.ts: the heap bound), since
 * the gateway runs in its process.
 * Goals (issue 19): p50 ≤ 1.05, p99 ≤ 1.15; first streamed result ≤ 1.05.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { adapterRegistry } from '../adapters/index.ts';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/logging.ts';
import { startGateway } from '../src/server.ts';
import { withDeployFlags } from './deploy-flags.ts';
import { machineLine } from './machine.ts';
import { percentile } from './stats.ts';
import { resilienceScenario } from './fanout-resilience.ts';
import { floorBursts } from './fanout-floor.ts';

const LIBRARIES = 32;
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const RECORDS = 20;
const LATENCIES = Array.from({ length: LIBRARIES }, (_, i) => Math.round(20 + (180 * i) / (LIBRARIES - 1)));
const SLOWEST = Math.max(...LATENCIES);
const FASTEST = Math.min(...LATENCIES);
/** Distinct queries for the cached rate: each matches a different subset of the catalogue. */
const DISTINCT = Array.from({ length: 17 }, (_, k) => `title=history&author=${encodeURIComponent(`Author ${k}`)}`);
const CACHED_PASSES = 20;
/** What the gateway's SRU adapter sends the libraries for title=history (the floor sends it too). */
const FLOOR_CQL = 'dc.title all "history"';

function startSimulators(): Promise<{ child: ChildProcess; urls: string[] }> {
  const child = fork(fileURLToPath(new URL('./fanout-simulators.ts', import.meta.url)), {
    env: { ...process.env, BENCH_LATENCIES: JSON.stringify(LATENCIES), BENCH_RECORDS: String(RECORDS) },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
    child.once('message', (message) => resolve({ child, urls: (message as { urls: string[] }).urls }));
  });
}

async function firstClustersEvent(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await request(url);
  let seen = '';
  let first = NaN;
  for await (const chunk of res.body) {
    if (Number.isNaN(first)) {
      seen += (chunk as Buffer).toString('utf8');
      if (seen.includes('event: clusters')) first = performance.now() - t0;
    }
  }
  return first;
}

async function main(flags: string) {
  console.log(`bench:fanout — ${machineLine()}; the gateway (in this process) runs with node flags ${flags}`);
  // BENCH_SCENARIO=resilience runs only the breaker / learned-timeout scenario, =fanout only the rest.
  if (process.env.BENCH_SCENARIO === 'resilience') return resilienceScenario();
  const { child, urls } = await startSimulators();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
  try {
    const libraries = urls.map((url, i) => ({ id: `lib${i}`, name: { zh: `lib${i}`, en: `lib${i}` }, category: '其他类', adapter: 'sru', settings: { url, version: '1.2', maxRecords: 50 } }));
    const slowestUrl = urls[LATENCIES.indexOf(SLOWEST)] as string;
    const start = async (ttlSeconds: number) => {
      const config = parseConfig(
        { gateway: { port: 0, deadlineMs: 5000, concurrency: 64, recordsPerLibrary: RECORDS, cache: { maxResultSets: 1000, ttlSeconds } }, libraries },
        'bench',
        adapterRegistry,
      );
      return startGateway({ config, registry: adapterRegistry, logger: silentLogger(), port: 0, ill: { dataDir } });
    };

    let incomplete = 0;
    // Cache off: gateway search, then the same query straight to the slowest library.
    const off = await start(0);
    // The answer's text only, as the direct request and the floor read theirs; parsed by `fetched` after the clock.
    const search = async (query: string) => (await request(`${off.url}/api/search?${query}&limit=20`)).body.text();
    const fetched = (text: string) => {
      const body = JSON.parse(text) as { libraries: { state: string; fetched: number }[] };
      // A library that missed the deadline (an overloaded machine) is counted and reported, not hidden.
      if (body.libraries.some((l) => l.state !== 'ok')) incomplete++;
      return body.libraries.reduce((n, l) => n + l.fetched, 0);
    };
    const direct = async () => {
      const res = await request(`${slowestUrl}?version=1.2&operation=searchRetrieve&query=${encodeURIComponent('dc.title=history')}&maximumRecords=${RECORDS}`);
      const text = await res.body.text();
      if (!text.includes('numberOfRecords>')) throw new Error('direct SRU request failed');
    };
    for (let i = 0; i < 5; i++) {
      fetched(await search('title=history'));
      await direct();
      await firstClustersEvent(`${off.url}/api/search/stream?title=history`);
    }
    const gatewayMs: number[] = [];
    const directMs: number[] = [];
    const firstMs: number[] = [];
    let records = 0;
    let searchCpuMs = 0;
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    const offStarted = performance.now();
    for (let i = 0; i < SEARCHES; i++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const answer = await search('title=history');
      gatewayMs.push(performance.now() - t0);
      searchCpuMs += cpuMs(cpu0);
      records += fetched(answer);
      const t1 = performance.now();
      await direct();
      directMs.push(performance.now() - t1);
    }
    const offSeconds = (performance.now() - offStarted) / 1000;
    const streamCpu = process.cpuUsage();
    for (let i = 0; i < Math.ceil(SEARCHES / 2); i++) firstMs.push(await firstClustersEvent(`${off.url}/api/search/stream?title=history`));
    const streamCpuMs = cpuMs(streamCpu) / Math.ceil(SEARCHES / 2);
    await off.close();

    // The floor: the same 32 requests from a bare client, in the gateway's learned start order.
    const fastest = LATENCIES.indexOf(FASTEST);
    const order = [fastest, ...LATENCIES.map((_, i) => i).filter((i) => i !== fastest).sort((a, b) => (LATENCIES[b] as number) - (LATENCIES[a] as number))];
    await floorBursts(urls, order, fastest, FLOOR_CQL, RECORDS, 5);
    const floor = await floorBursts(urls, order, fastest, FLOOR_CQL, RECORDS, Math.ceil(SEARCHES / 2));

    // Cache on: fill with each distinct query once, then repeat them all.
    const on = await start(600);
    for (const q of DISTINCT) await request(`${on.url}/api/search?${q}&limit=20`).then((r) => r.body.text());
    const onStarted = performance.now();
    for (let pass = 0; pass < CACHED_PASSES; pass++) {
      for (const q of DISTINCT) {
        // The text only, as above; the answer's own top-level flag says it came from the cache.
        const text = await request(`${on.url}/api/search?${q}&limit=20`).then((r) => r.body.text());
        if (!text.includes('"fromCache":true,')) throw new Error('expected a cached answer');
      }
    }
    const onRate = (CACHED_PASSES * DISTINCT.length) / ((performance.now() - onStarted) / 1000);
    await on.close();

    const p = (xs: number[], q: number) => percentile(xs, q);
    console.log(`${LIBRARIES} SRU libraries in a child process, configured ${FASTEST}–${SLOWEST} ms, ${RECORDS} records each; ${SEARCHES} searches, ${records / SEARCHES} records per search`);
    console.log(`gateway /api/search (fan-out + decode + map + merge + first page JSON)  p50 ${p(gatewayMs, 50).toFixed(1)} ms  p99 ${p(gatewayMs, 99).toFixed(1)} ms`);
    console.log(`direct SRU request to the slowest library (configured ${SLOWEST} ms)      p50 ${p(directMs, 50).toFixed(1)} ms  p99 ${p(directMs, 99).toFixed(1)} ms`);
    console.log(`ratio gateway ÷ configured slowest (${SLOWEST} ms)   p50 ${(p(gatewayMs, 50) / SLOWEST).toFixed(3)}  p99 ${(p(gatewayMs, 99) / SLOWEST).toFixed(3)}   (goal ≤ 1.05 / ≤ 1.15)`);
    console.log(`ratio gateway ÷ direct slowest (measured)          p50 ${(p(gatewayMs, 50) / p(directMs, 50)).toFixed(3)}  p99 ${(p(gatewayMs, 99) / p(directMs, 99)).toFixed(3)}`);
    console.log(`first streamed clusters event                      p50 ${p(firstMs, 50).toFixed(1)} ms  p90 ${p(firstMs, 90).toFixed(1)} ms; ÷ configured fastest (${FASTEST} ms) p50 ${(p(firstMs, 50) / FASTEST).toFixed(2)}  p90 ${(p(firstMs, 90) / FASTEST).toFixed(2)}   (goal ≤ 1.05)`);
    console.log(`floor (informational): a bare client sending the same ${LIBRARIES} requests at once, reading the bodies only   all answered p50 ${p(floor.all, 50).toFixed(1)} ms  p99 ${p(floor.all, 99).toFixed(1)} ms (÷ configured slowest ${(p(floor.all, 50) / SLOWEST).toFixed(3)} / ${(p(floor.all, 99) / SLOWEST).toFixed(3)}); the fastest library's answer p50 ${p(floor.first, 50).toFixed(1)} ms  p90 ${p(floor.first, 90).toFixed(1)} ms (÷ configured fastest ${(p(floor.first, 50) / FASTEST).toFixed(2)} / ${(p(floor.first, 90) / FASTEST).toFixed(2)})`);
    console.log(`ratio gateway ÷ floor                              p50 ${(p(gatewayMs, 50) / p(floor.all, 50)).toFixed(3)}  p99 ${(p(gatewayMs, 99) / p(floor.all, 99)).toFixed(3)};  first streamed ÷ floor's fastest answer p50 ${(p(firstMs, 50) / p(floor.first, 50)).toFixed(2)}  p90 ${(p(firstMs, 90) / p(floor.first, 90)).toFixed(2)}`);
    console.log(`CPU of the gateway process per search (gateway + this client, all threads)  /api/search ${(searchCpuMs / SEARCHES).toFixed(1)} ms (${((1000 * searchCpuMs) / records).toFixed(0)} µs per record received)   /api/search/stream ${streamCpuMs.toFixed(1)} ms`);
    if (incomplete > 0) console.log(`WARNING: ${incomplete} searches had a library that was not ok (deadline 5 s): the machine was overloaded`);
    console.log(`searches/s  cache off ${(SEARCHES / offSeconds).toFixed(1)} (incl. the direct requests)   cache on ${onRate.toFixed(0)} (${DISTINCT.length} distinct queries × ${CACHED_PASSES})`);
  } finally {
    child.send('close');
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_SCENARIO !== 'fanout') await resilienceScenario();
}

// The gateway runs in this process: with the deploy unit's node flags (its heap bound), as deployed.
withDeployFlags(import.meta.url, main).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
