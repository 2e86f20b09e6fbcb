/**
 * `npm run bench:fanout` scenario (issue 18): 32 simulated SRU libraries, configured 20–200 ms,
 * every library with timeoutMs 2000. Four sides, each with its own simulators (one child process)
 * and its own gateway (another child process), so no side shares an event loop with another or
 * with the client here:
 * - healthy, on:  all 32 answer; breakers and learned timeouts on (the goal's baseline);
 * - healthy, off: all 32 answer; breakers and learned timeouts off;
 * - down, off:    3 libraries hang (down) and 2 degrade, breakers and learned timeouts off
 *                 (`interceptors: { breaker: false, adaptiveTimeout: false }`);
 * - down, on:     the same faults, breakers and learned timeouts on.
 * Every side runs the same query (result-set cache off) through GET /api/search, the whole JSON
 * answer timed. The sides are interleaved: round r sends CLIENTS concurrent searches to each side
 * in turn, the order rotating every round, so a load change on the machine lands on every side
 * alike. p50/p99 of the first 50 searches (warm-up: breakers closed, nothing learned yet) and of
 * the next 200. Goal after warm-up: p99(down, on) ≤ 1.15 × p99(healthy, on).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { startGatewayChild, type GatewayChild } from './gateway-child.ts';
import { percentile } from './stats.ts';

const LIBRARIES = 32;
const FIRST = 50;
const NEXT = 200;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1);
const TIMEOUT_MS = 2000;
const BASE = Array.from({ length: LIBRARIES }, (_, i) => Math.round(20 + (180 * i) / (LIBRARIES - 1)));
const DOWN = [3, 14, 27];
const DEGRADING = [8, 21];
const DEGRADED_MS: [number, number] = [150, 900];
const QUERY = 'title=history&limit=20';

function startSimulators(latencies: (number | [number, number])[], faults: string[]): Promise<{ child: ChildProcess; urls: string[] }> {
  const child = fork(fileURLToPath(new URL('./fanout-simulators.ts', import.meta.url)), {
    env: { ...process.env, BENCH_LATENCIES: JSON.stringify(latencies), BENCH_FAULTS: JSON.stringify(faults), BENCH_RECORDS: '20' },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
    child.once('message', (message) => resolve({ child, urls: (message as { urls: string[] }).urls }));
  });
}

interface Side {
  name: string;
  does: string;
  down: boolean;
  resilient: boolean;
}

interface Running extends Side {
  simulators: ChildProcess;
  gateway: GatewayChild;
  times: number[];
  states: Map<string, number>;
  failed: number;
  cpuAtStart: number;
}

async function startSide(side: Side): Promise<Running> {
  const latencies = BASE.map((ms, i): number | [number, number] => (side.down && DEGRADING.includes(i) ? DEGRADED_MS : ms));
  const faults = BASE.map((_, i) => (side.down && DOWN.includes(i) ? 'hang' : 'none'));
  const { child, urls } = await startSimulators(latencies, faults);
  const libraries = urls.map((url, i) => ({
    id: `lib${i}`, name: { zh: `lib${i}`, en: `lib${i}` }, category: '其他类', adapter: 'sru', timeoutMs: TIMEOUT_MS,
    settings: { url, version: '1.2', maxRecords: 50 },
    ...(side.resilient ? {} : { interceptors: { breaker: false, adaptiveTimeout: false } }),
  }));
  const config = { gateway: { port: 0, deadlineMs: 5000, concurrency: 64, recordsPerLibrary: 20, cache: { maxResultSets: 10, ttlSeconds: 0 } }, libraries };
  const gateway = await startGatewayChild(config);
  return { ...side, simulators: child, gateway, times: [], states: new Map(), failed: 0, cpuAtStart: await gateway.cpu() };
}

async function searchOnce(side: Running, n: number): Promise<void> {
  const t0 = performance.now();
  let libraries: { state: string; diagnostic?: { code?: string } }[] = [];
  try {
    const res = await request(`${side.gateway.url}/api/search?${QUERY}`);
    libraries = ((await res.body.json()) as { libraries: typeof libraries }).libraries;
  } catch (error) {
    // Counted and printed, never hidden; the search's time is still taken.
    if (side.failed++ === 0) console.log(`  (${side.name}: a search failed: ${(error as Error).message})`);
  }
  side.times[n] = performance.now() - t0;
  for (const l of libraries) {
    if (l.state === 'ok') continue;
    const key = `${l.state}${l.diagnostic?.code ? ` (${l.diagnostic.code})` : ''}`;
    side.states.set(key, (side.states.get(key) ?? 0) + 1);
  }
}

export async function resilienceScenario(): Promise<void> {
  const sides: Side[] = [
    { name: 'healthy, on ', does: 'all 32 answer; breakers + learned timeouts on', down: false, resilient: true },
    { name: 'healthy, off', does: 'all 32 answer; breakers + learned timeouts off', down: false, resilient: false },
    { name: '3 down, off ', does: `libraries ${DOWN.join(', ')} hang, ${DEGRADING.join(', ')} degrade; breakers + learned timeouts off`, down: true, resilient: false },
    { name: '3 down, on  ', does: `libraries ${DOWN.join(', ')} hang, ${DEGRADING.join(', ')} degrade; breakers + learned timeouts on`, down: true, resilient: true },
  ];
  console.log(`\nresilience scenario (issue 18): ${LIBRARIES} SRU libraries (configured ${BASE[0]}–${BASE[LIBRARIES - 1]} ms, timeoutMs ${TIMEOUT_MS}, deadline 5000 ms), result-set cache off`);
  console.log(`  down = the simulator holds the socket open without answering; degrading = answers in ${DEGRADED_MS[0]}–${DEGRADED_MS[1]} ms (uniform) instead of its configured time`);
  console.log(`  every side: its own simulator process and its own gateway process; GET /api/search?${QUERY}, whole JSON answer timed;`);
  console.log(`  interleaved: each round sends ${CLIENTS} concurrent searches to each side in turn (order rotating), ${FIRST + NEXT} searches per side`);
  for (const side of sides) console.log(`  ${side.name}: ${side.does}`);
  const running: Running[] = [];
  try {
    for (const side of sides) running.push(await startSide(side));
    // Every connection pool warm before the first timed search (the first 50 are the breakers' warm-up, not the sockets').
    await Promise.all(running.map((side) => request(`${side.gateway.url}/api/libraries`).then((r) => r.body.text())));
    const rounds = Math.ceil((FIRST + NEXT) / CLIENTS);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < running.length; k++) {
        const side = running[(round + k) % running.length]!;
        const batch = Array.from({ length: CLIENTS }, (_, c) => round * CLIENTS + c).filter((n) => n < FIRST + NEXT);
        await Promise.all(batch.map((n) => searchOnce(side, n)));
      }
    }
    const f = (xs: number[], q: number) => percentile(xs, q).toFixed(0).padStart(5);
    const p99: number[] = [];
    for (const side of running) {
      const first = side.times.slice(0, FIRST);
      const next = side.times.slice(FIRST);
      const cpuMs = ((await side.gateway.cpu()) - side.cpuAtStart) / 1000;
      const states = [...side.states].map(([k, v]) => `${v} ${k}`).join(', ') || 'all ok';
      console.log(`  ${side.name}  first ${FIRST}: p50 ${f(first, 50)} ms p99 ${f(first, 99)} ms | next ${NEXT}: p50 ${f(next, 50)} ms p99 ${f(next, 99)} ms | gateway CPU ${(cpuMs / side.times.length).toFixed(1)} ms/search | not ok: ${states}${side.failed ? `; ${side.failed} searches failed` : ''}`);
      p99.push(percentile(next, 99));
    }
    const [healthyOn, healthyOff, downOff, downOn] = p99 as [number, number, number, number];
    console.log(`  after warm-up: p99(3 down, on) ÷ p99(healthy, on) = ${(downOn / healthyOn).toFixed(2)} (goal ≤ 1.15); p99(3 down, off) ÷ p99(healthy, off) = ${(downOff / healthyOff).toFixed(2)}`);
  } finally {
    await Promise.all(running.map(async (side) => {
      await side.gateway.close();
      side.simulators.send('close');
    }));
  }
}
