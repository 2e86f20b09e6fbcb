/**
 * `npm run bench:fanout` scenario (issue 18): 32 simulated SRU libraries, configured 20–200 ms,
 * every library with timeoutMs 2000. Each side has its own simulators (one child process) and its
 * own gateway (another child process), so no side shares an event loop with another or with the
 * client here:
 * - healthy, on:  all 32 answer; breakers and learned timeouts on (the goal's baseline);
 * - healthy, off: all 32 answer; breakers and learned timeouts off;
 * - down, off:    3 libraries hang (down) and 2 degrade, breakers and learned timeouts off
 *                 (`interceptors: { breaker: false, adaptiveTimeout: false }`);
 * - down, on:     the same faults, breakers and learned timeouts on;
 * - informational: 3 down and 2 slow THROUGHOUT (150–900 ms uniform, every request), on. Not the
 *                 goal: those two answer within their budget, so the gateway rightly waits for
 *                 them (their holdings matter); kept so the hard case stays measured.
 * Degrading = a failing server (disk filling, pool exhausted): its first request takes its
 * configured time, each later one DEGRADE.factor × the one before (searches and explains alike),
 * up to DEGRADE.ceilingMs, far past its 2000 ms timeout, where it stays.
 * Every side runs the same query (result-set cache off) through GET /api/search, the whole JSON
 * answer timed. The sides are interleaved: round r sends CLIENTS concurrent searches to each side
 * in turn, the order rotating every round, so a load change on the machine lands on every side
 * alike. p50/p99 of the first FIRST searches (warm-up: breakers closed, nothing learned yet, the
 * degrading libraries ramping) and of the next NEXT. Goal after warm-up: p99(down, on) ≤ 1.15 ×
 * p99(healthy, on). BENCH_RESILIENCE_FIRST / BENCH_RESILIENCE_NEXT shorten a development run
 * (defaults 50 / 200).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { startGatewayChild, type GatewayChild } from './gateway-child.ts';
import { percentile } from './stats.ts';

const LIBRARIES = 32;
const FIRST = Number(process.env.BENCH_RESILIENCE_FIRST ?? 50);
const NEXT = Number(process.env.BENCH_RESILIENCE_NEXT ?? 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1);
const TIMEOUT_MS = 2000;
const BASE = Array.from({ length: LIBRARIES }, (_, i) => Math.round(20 + (180 * i) / (LIBRARIES - 1)));
const DOWN = [3, 14, 27];
const DEGRADING = [8, 21];
/** Degrading: × 1.3 per request from the configured time (lib8 66 ms, lib21 142 ms): past 2000 ms from the 12th–15th request on. */
const DEGRADE = { factor: 1.3, ceilingMs: 30_000 };
/** The informational side's two libraries: slow throughout, uniform in this range from the first request to the last. */
const SLOW_MS: [number, number] = [150, 900];
const QUERY = 'title=history&limit=20';

function startSimulators(latencies: (number | [number, number])[], faults: string[], degrade: (typeof DEGRADE | null)[]): Promise<{ child: ChildProcess; urls: string[] }> {
  const child = fork(fileURLToPath(new URL('./fanout-simulators.ts', import.meta.url)), {
    env: { ...process.env, BENCH_LATENCIES: JSON.stringify(latencies), BENCH_FAULTS: JSON.stringify(faults), BENCH_DEGRADE: JSON.stringify(degrade), BENCH_RECORDS: '20' },
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
  /** healthy; 3 down + 2 degrading; 3 down + 2 slow throughout (informational). */
  faults: 'none' | 'degrading' | 'slow';
  resilient: boolean;
}

/** What one library (a degrading or slow one) went through in a side: states by search, the slowest answer, the first skip notice. */
interface Watched {
  states: string[];
  slowestOkMs: number;
  skipNotice?: string;
}

interface Running extends Side {
  simulators: ChildProcess;
  gateway: GatewayChild;
  times: number[];
  states: Map<string, number>;
  failed: number;
  cpuAtStart: number;
  watched: Map<string, Watched>;
}

async function startSide(side: Side): Promise<Running> {
  const faulty = side.faults !== 'none';
  const latencies = BASE.map((ms, i): number | [number, number] => (side.faults === 'slow' && DEGRADING.includes(i) ? SLOW_MS : ms));
  const faults = BASE.map((_, i) => (faulty && DOWN.includes(i) ? 'hang' : 'none'));
  const degrade = BASE.map((_, i) => (side.faults === 'degrading' && DEGRADING.includes(i) ? DEGRADE : null));
  const { child, urls } = await startSimulators(latencies, faults, degrade);
  const libraries = urls.map((url, i) => ({
    id: `lib${i}`, name: { zh: `lib${i}`, en: `lib${i}` }, category: '其他类', adapter: 'sru', timeoutMs: TIMEOUT_MS,
    settings: { url, version: '1.2', maxRecords: 50 },
    ...(side.resilient ? {} : { interceptors: { breaker: false, adaptiveTimeout: false } }),
  }));
  const config = { gateway: { port: 0, deadlineMs: 5000, concurrency: 64, recordsPerLibrary: 20, cache: { maxResultSets: 10, ttlSeconds: 0 } }, libraries };
  const gateway = await startGatewayChild(config);
  const watched = new Map(faulty ? DEGRADING.map((i): [string, Watched] => [`lib${i}`, { states: [], slowestOkMs: 0 }]) : []);
  return { ...side, simulators: child, gateway, times: [], states: new Map(), failed: 0, cpuAtStart: await gateway.cpu(), watched };
}

async function searchOnce(side: Running, n: number): Promise<void> {
  const t0 = performance.now();
  let libraries: { library: string; state: string; elapsedMs: number; diagnostic?: { code?: string }; skip?: { en: string } }[] = [];
  try {
    const res = await request(`${side.gateway.url}/api/search?${QUERY}`);
    libraries = ((await res.body.json()) as { libraries: typeof libraries }).libraries;
  } catch (error) {
    // Counted and printed, never hidden; the search's time is still taken.
    if (side.failed++ === 0) console.log(`  (${side.name}: a search failed: ${(error as Error).message})`);
  }
  side.times[n] = performance.now() - t0;
  for (const l of libraries) {
    const key = `${l.state}${l.diagnostic?.code ? ` (${l.diagnostic.code})` : ''}`;
    const watched = side.watched.get(l.library);
    if (watched) {
      watched.states[n] = key;
      if (l.state === 'ok') watched.slowestOkMs = Math.max(watched.slowestOkMs, l.elapsedMs);
      if (l.skip && !watched.skipNotice) watched.skipNotice = l.skip.en;
    }
    if (l.state !== 'ok') side.states.set(key, (side.states.get(key) ?? 0) + 1);
  }
}

export async function resilienceScenario(): Promise<void> {
  const total = FIRST + NEXT;
  const faults = `libraries ${DOWN.join(', ')} hang`;
  const sides: Side[] = [
    { name: 'healthy, on      ', does: 'all 32 answer; breakers + learned timeouts on', faults: 'none', resilient: true },
    { name: 'healthy, off     ', does: 'all 32 answer; breakers + learned timeouts off', faults: 'none', resilient: false },
    { name: '3 down, off      ', does: `${faults}, ${DEGRADING.join(', ')} degrade; breakers + learned timeouts off`, faults: 'degrading', resilient: false },
    { name: '3 down, on       ', does: `${faults}, ${DEGRADING.join(', ')} degrade; breakers + learned timeouts on`, faults: 'degrading', resilient: true },
    { name: '(info) 2 slow, on', does: `INFORMATIONAL, not the goal: ${faults}, ${DEGRADING.join(', ')} slow throughout (${SLOW_MS[0]}–${SLOW_MS[1]} ms uniform, answer within their budget, so they are waited for); breakers + learned timeouts on`, faults: 'slow', resilient: true },
  ];
  console.log(`\nresilience scenario (issue 18): ${LIBRARIES} SRU libraries (configured ${BASE[0]}–${BASE[LIBRARIES - 1]} ms, timeoutMs ${TIMEOUT_MS}, deadline 5000 ms), result-set cache off`);
  console.log(`  down = the simulator holds the socket open without answering;`);
  console.log(`  degrading = a failing server: its first request takes its configured time (lib${DEGRADING[0]} ${BASE[DEGRADING[0]!]} ms, lib${DEGRADING[1]} ${BASE[DEGRADING[1]!]} ms), each later request ×${DEGRADE.factor} the one before (searches and explains alike), up to ${DEGRADE.ceilingMs} ms: past its ${TIMEOUT_MS} ms timeout from about the ${Math.ceil(Math.log(TIMEOUT_MS / BASE[DEGRADING[1]!]!) / Math.log(DEGRADE.factor)) + 1}th–${Math.ceil(Math.log(TIMEOUT_MS / BASE[DEGRADING[0]!]!) / Math.log(DEGRADE.factor)) + 1}th request on, and it stays there`);
  console.log(`  every side: its own simulator process and its own gateway process; GET /api/search?${QUERY}, whole JSON answer timed;`);
  console.log(`  interleaved: each round sends ${CLIENTS} concurrent searches to each side in turn (order rotating); per side the first ${FIRST} (warm-up) and the next ${NEXT}`);
  for (const side of sides) console.log(`  ${side.name}: ${side.does}`);
  const running: Running[] = [];
  try {
    for (const side of sides) running.push(await startSide(side));
    // Every connection pool warm before the first timed search (the first searches are the breakers' warm-up, not the sockets').
    await Promise.all(running.map((side) => request(`${side.gateway.url}/api/libraries`).then((r) => r.body.text())));
    const rounds = Math.ceil(total / CLIENTS);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < running.length; k++) {
        const side = running[(round + k) % running.length]!;
        const batch = Array.from({ length: CLIENTS }, (_, c) => round * CLIENTS + c).filter((n) => n < total);
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
      console.log(`  ${side.name}  first ${FIRST}: p50 ${f(first, 50)} ms p99 ${f(first, 99)} ms | next ${next.length}: p50 ${f(next, 50)} ms p99 ${f(next, 99)} ms | gateway CPU ${(cpuMs / side.times.length).toFixed(1)} ms/search | not ok: ${states}${side.failed ? `; ${side.failed} searches failed` : ''}`);
      for (const [library, watched] of side.watched) console.log(`      ${library}: ${watchedLine(watched)}`);
      p99.push(percentile(next, 99));
    }
    const [healthyOn, healthyOff, downOff, downOn, slowOn] = p99 as [number, number, number, number, number];
    console.log(`  after warm-up: p99(3 down, on) ÷ p99(healthy, on) = ${(downOn / healthyOn).toFixed(2)} (goal ≤ 1.15); p99(3 down, off) ÷ p99(healthy, off) = ${(downOff / healthyOff).toFixed(2)}`);
    console.log(`  informational (not the goal): p99(3 down + 2 slow throughout, on) ÷ p99(healthy, on) = ${(slowOn / healthyOn).toFixed(2)}`);
  } finally {
    await Promise.all(running.map(async (side) => {
      await side.gateway.close();
      side.simulators.send('close');
    }));
  }
}

/** "ok ×12 → timeout (timeout) ×3 (from search 13) → skipped (unavailable) ×235 (from search 16)": the library's states in search order, runs collapsed. */
function watchedLine(watched: Watched): string {
  const runs: { key: string; count: number; from: number }[] = [];
  watched.states.forEach((key, n) => {
    const last = runs.at(-1);
    if (last?.key === key) last.count++;
    else runs.push({ key, count: 1, from: n + 1 });
  });
  const shown = runs.length > 8 ? [...runs.slice(0, 6), undefined, ...runs.slice(-1)] : runs;
  const line = shown.map((r) => (r ? `${r.key} ×${r.count}${r.from > 1 ? ` (from search ${r.from})` : ''}` : '…')).join(' → ');
  return `${line}; slowest ok answer ${watched.slowestOkMs} ms${watched.skipNotice ? `; first skip says "${watched.skipNotice}"` : ''}`;
}
