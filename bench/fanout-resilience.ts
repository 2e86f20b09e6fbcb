/**
 * `npm run bench:fanout` scenario (issue 18): 32 simulated SRU libraries in a child process,
 * configured 20–200 ms, every library with timeoutMs 2000. Three sides, run one after another
 * over fresh simulators and gateways:
 * - healthy: all 32 answer; breakers and learned timeouts on;
 * - down, off: 3 libraries hang (down) and 2 degrade (answer in 150–900 ms), breakers and
 *   learned timeouts off (`interceptors: { breaker: false, adaptiveTimeout: false }`);
 * - down, on: the same libraries, breakers and learned timeouts on.
 * Each side: 250 searches of the same query (result-set cache off), CLIENTS at a time; p50/p99
 * of the first 50 (warm-up: breakers still closed, nothing learned) and of the next 200.
 * Goal after warm-up: p99(down, on) ≤ 1.15 × p99(healthy).
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
import { percentile } from './stats.ts';

const LIBRARIES = 32;
const FIRST = 50;
const NEXT = 200;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);
const TIMEOUT_MS = 2000;
const BASE = Array.from({ length: LIBRARIES }, (_, i) => Math.round(20 + (180 * i) / (LIBRARIES - 1)));
const DOWN = [3, 14, 27];
const DEGRADING = [8, 21];

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
  down: boolean;
  resilient: boolean;
}

async function runSide(side: Side, dataDir: string): Promise<{ first: number[]; next: number[]; skipped: number; timeouts: number; failed: number }> {
  const latencies = BASE.map((ms, i): number | [number, number] => (side.down && DEGRADING.includes(i) ? [150, 900] : ms));
  const faults = BASE.map((_, i) => (side.down && DOWN.includes(i) ? 'hang' : 'none'));
  const { child, urls } = await startSimulators(latencies, faults);
  try {
    const libraries = urls.map((url, i) => ({
      id: `lib${i}`, name: { zh: `lib${i}`, en: `lib${i}` }, category: '其他类', adapter: 'sru', timeoutMs: TIMEOUT_MS,
      settings: { url, version: '1.2', maxRecords: 50 },
      ...(side.resilient ? {} : { interceptors: { breaker: false, adaptiveTimeout: false } }),
    }));
    const config = parseConfig({ gateway: { port: 0, deadlineMs: 5000, concurrency: 64, recordsPerLibrary: 20, cache: { maxResultSets: 10, ttlSeconds: 0 } }, libraries }, 'bench', adapterRegistry);
    const gw = await startGateway({ config, registry: adapterRegistry, logger: silentLogger(), port: 0, ill: { dataDir } });
    const times: number[] = [];
    let skipped = 0;
    let timeouts = 0;
    let failed = 0;
    let next = 0;
    const client = async () => {
      while (next < FIRST + NEXT) {
        const n = next++;
        const t0 = performance.now();
        let body: { libraries: { state: string }[] };
        try {
          body = (await (await request(`${gw.url}/api/search?title=history&limit=20`)).body.json()) as { libraries: { state: string }[] };
        } catch (error) {
          // Counted and printed, never hidden; the search's time is still taken.
          failed++;
          body = { libraries: [] };
          if (failed === 1) console.log(`  (a search failed: ${(error as Error).message})`);
        }
        times[n] = performance.now() - t0;
        skipped += body.libraries.filter((l) => l.state === 'skipped').length;
        timeouts += body.libraries.filter((l) => l.state === 'timeout').length;
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    await gw.close();
    return { first: times.slice(0, FIRST), next: times.slice(FIRST), skipped, timeouts, failed };
  } finally {
    child.send('close');
  }
}

export async function resilienceScenario(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-fanout-res-'));
  try {
    console.log(`\nresilience scenario (issue 18): ${LIBRARIES} SRU libraries (configured ${BASE[0]}–${BASE[LIBRARIES - 1]} ms, timeoutMs ${TIMEOUT_MS}), ${CLIENTS} searches at a time, result-set cache off`);
    console.log(`  down: libraries ${DOWN.join(', ')} hang; degrading: ${DEGRADING.join(', ')} answer in 150–900 ms`);
    const sides: Side[] = [
      { name: 'healthy, breakers+learned on ', down: false, resilient: true },
      { name: '3 down, breakers+learned off', down: true, resilient: false },
      { name: '3 down, breakers+learned on ', down: true, resilient: true },
    ];
    const p99: Record<string, number> = {};
    for (const side of sides) {
      const r = await runSide(side, dataDir);
      const f = (xs: number[], q: number) => percentile(xs, q).toFixed(0).padStart(5);
      console.log(`  ${side.name}  first ${FIRST}: p50 ${f(r.first, 50)} ms p99 ${f(r.first, 99)} ms | next ${NEXT}: p50 ${f(r.next, 50)} ms p99 ${f(r.next, 99)} ms | library statuses: ${r.timeouts} timeout, ${r.skipped} skipped${r.failed ? `; ${r.failed} searches failed` : ''}`);
      p99[side.name] = percentile(r.next, 99);
    }
    const healthy = p99[sides[0]!.name]!;
    const on = p99[sides[2]!.name]!;
    const off = p99[sides[1]!.name]!;
    console.log(`  after warm-up: p99(3 down, on) ÷ p99(healthy) = ${(on / healthy).toFixed(2)} (goal ≤ 1.15); off ÷ healthy = ${(off / healthy).toFixed(2)}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
