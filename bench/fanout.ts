/**
 * Fan-out benchmark: 32 simulated SRU libraries with latencies spread over 20–200 ms,
 * 20 records each, ≥ 200 searches through the real HTTP API. Prints, from one run:
 * p50/p99 of (gateway latency ÷ slowest target's latency), and searches/s with the
 * result-set cache off and on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { adapterRegistry } from '../adapters/index.ts';
import { startSruSimulator, type SruSimulator } from '../adapters/sru/sim/simulator.ts';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/logging.ts';
import type { MarcRecord } from '../src/records/marc.ts';
import { startGateway } from '../src/server.ts';

const LIBRARIES = 32;
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 240);
const RECORDS = 20;

function syntheticCatalogue(count: number): MarcRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: `bench${String(i).padStart(6, '0')}` },
      { tag: '008', value: `880101s${1950 + (i % 70)}    enk           000 0 eng d` },
      { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: `97805212${String(43000 + i).padStart(5, '0')}` }] },
      { tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: `Author ${i % 17}, A.` }] },
      { tag: '245', ind1: '1', ind2: '4', subfields: [{ code: 'a', value: `The history of China volume ${i}` }, { code: 'c', value: 'edited by Someone' }] },
      { tag: '260', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Cambridge' }, { code: 'b', value: 'Cambridge University Press' }, { code: 'c', value: String(1950 + (i % 70)) }] },
      { tag: '650', ind1: ' ', ind2: '0', subfields: [{ code: 'a', value: 'China' }, { code: 'x', value: 'History' }] },
      { tag: '852', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'BENCH' }, { code: 'b', value: '外文书库' }, { code: 'h', value: `K20/${i}` }, { code: 'p', value: `5412210${String(i).padStart(7, '0')}` }, { code: 'z', value: '归还' }, { code: 'x', value: '参考外借资料' }] },
    ],
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  const catalogue = syntheticCatalogue(RECORDS);
  const simulators: SruSimulator[] = [];
  const libraries = [];
  for (let i = 0; i < LIBRARIES; i++) {
    const latency = Math.round(20 + (180 * i) / (LIBRARIES - 1));
    const id = `lib${i}`;
    const sim = await startSruSimulator({ libraries: [{ id, database: id, branchName: id, institution: 'BENCH', share: 1, latencyMs: latency, fault: 'none' }], catalogue });
    simulators.push(sim);
    libraries.push({ id, name: { zh: id, en: id }, category: '其他类', adapter: 'sru', settings: { url: sim.url(id), version: '1.2', maxRecords: 50 } });
  }
  const base = { gateway: { port: 0, deadlineMs: 5000, concurrency: 64, recordsPerLibrary: RECORDS }, libraries };
  const run = async (ttlSeconds: number) => {
    const config = parseConfig({ ...base, gateway: { ...base.gateway, cache: { maxResultSets: 1000, ttlSeconds } } }, 'bench', adapterRegistry);
    const gw = await startGateway({ config, registry: adapterRegistry, logger: silentLogger(), port: 0, ill: { dataDir: mkdtempSync(join(tmpdir(), 'bench-fanout-')) } });
    const ratios: number[] = [];
    const overheads: number[] = [];
    // Warm-up: connections and JIT.
    for (let i = 0; i < 5; i++) await request(`${gw.url}/api/search?title=history&_=${i}`).then((r) => r.body.text());
    const started = performance.now();
    for (let i = 0; i < SEARCHES; i++) {
      const t0 = performance.now();
      // With the cache off, a different cache-busting parameter is not needed: ttl 0 never reuses.
      const res = await request(`${gw.url}/api/search?title=history&limit=1`);
      const body = (await res.body.json()) as { libraries: { elapsedMs: number; state: string; fetched: number }[] };
      const took = performance.now() - t0;
      const slowest = Math.max(...body.libraries.map((l) => l.elapsedMs));
      if (body.libraries.some((l) => l.state !== 'ok' || l.fetched !== RECORDS)) throw new Error('a library failed during the benchmark');
      ratios.push(took / slowest);
      overheads.push(took - slowest);
    }
    const seconds = (performance.now() - started) / 1000;
    await gw.close();
    ratios.sort((a, b) => a - b);
    overheads.sort((a, b) => a - b);
    return { ratios, overheads, rate: SEARCHES / seconds };
  };

  const off = await run(0);
  const on = await run(600);
  for (const sim of simulators) await sim.close();

  console.log(`fan-out benchmark: ${LIBRARIES} SRU libraries (20–200 ms), ${RECORDS} records each, ${SEARCHES} searches per mode`);
  console.log(`cache off: gateway latency ÷ slowest target  p50 ${percentile(off.ratios, 50).toFixed(3)}  p99 ${percentile(off.ratios, 99).toFixed(3)}   (goal ≤ 1.05 / ≤ 1.15)`);
  console.log(`cache off: overhead over slowest target       p50 ${percentile(off.overheads, 50).toFixed(1)} ms  p99 ${percentile(off.overheads, 99).toFixed(1)} ms`);
  console.log(`searches/s  cache off ${off.rate.toFixed(1)}   cache on ${on.rate.toFixed(1)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
