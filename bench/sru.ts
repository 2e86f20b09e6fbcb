/**
 * `npm run bench:sru`: the gateway's SRU front end against Zebra's own SRU server, on the same
 * records.
 *
 * Setup: one Zebra (peers/zebra.ts) with the fixture catalogue; the gateway (alone in a child
 * process, bench/gateway-process.ts) has ONE library: that Zebra's marc21 database over Z39.50.
 * Sides, each sent the same searchRetrieve (SRU 1.2, the same CQL, maximumRecords 10,
 * recordSchema marcxml) one after another on a kept-alive connection:
 * - Zebra: /marc21 — CQL → RPN, search, 10 records as MARCXML, SRU envelope;
 * - gateway, cache off: /sru/zebra — CQL parse, federated search (Z39.50 to that Zebra), decode,
 *   map, merge, MARCXML + SRU envelope: Zebra's work plus ours;
 * - gateway, cache on: the same, answered from the gateway's result-set cache after the first
 *   time each query was asked (so the rate is over distinct queries repeated).
 * Rounds rotate the order of the three; the median round counts. Records checked: before timing,
 * each query's 001s in the gateway's answer equal Zebra's. CPU per request: the gateway's
 * process.cpuUsage(), Zebra's /proc/<pid>/stat (10 ms ticks; summed over all requests); the
 * gateway's also split into its main thread and the rest (V8's compiler and GC threads, libuv).
 * Ratios are requests/s gateway ÷ Zebra. Goals (issue 19): uncached ≥ 0.8, cached ≥ 3.
 */
import { request } from 'undici';
import { startZebra } from '../peers/zebra.ts';
import { startGatewayChild, type GatewayChild } from './gateway-child.ts';
import { machineLine } from './machine.ts';
import { median } from './stats.ts';
import { processCpuMs } from './process-cpu.ts';

const ROUNDS = 5;
const PER_ROUND = Number(process.env.BENCH_SEARCHES ?? 60);
/** Warm-up per side before timing (BENCH_WARMUP; 30 left V8 compiling hundreds of functions during the timed rounds). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const QUERIES = ['dc.title=history', 'cql.serverChoice=china', 'dc.title=cambridge', 'cql.serverChoice=ming', 'dc.creator=huang', 'cql.serverChoice=1587'];
const params = (cql: string) => `version=1.2&operation=searchRetrieve&query=${encodeURIComponent(cql)}&maximumRecords=10&recordSchema=marcxml`;

const ids = (xml: string): string[] => [...xml.matchAll(/<controlfield tag="001">([^<]*)</g)].map((m) => m[1] as string).sort();

async function get(url: string): Promise<string> {
  const res = await request(url);
  const text = await res.body.text();
  if (res.statusCode !== 200 || !text.includes('numberOfRecords>')) throw new Error(`${url}: HTTP ${res.statusCode}\n${text.slice(0, 300)}`);
  return text;
}

async function main(): Promise<void> {
  console.log(`bench:sru — ${machineLine()}`);
  const zebra = await startZebra();
  const children: GatewayChild[] = [];
  try {
    const library = { id: 'zebra', name: { zh: 'zebra', en: 'zebra' }, category: '其他类', adapter: 'z3950', settings: { host: zebra.host, port: zebra.port, databases: ['marc21'], recordSyntax: 'usmarc', format: 'marc21', presentChunk: 10 } };
    const config = (ttlSeconds: number) => ({ gateway: { port: 0, deadlineMs: 10_000, concurrency: 16, recordsPerLibrary: 10, cache: { maxResultSets: 100, ttlSeconds } }, libraries: [library] });
    // BENCH_PROFILE=<dir>: a CPU profile of the uncached gateway (bench/profile-summary.ts reads it).
    const uncached = await startGatewayChild(config(0), process.env.BENCH_PROFILE ? { profileDir: process.env.BENCH_PROFILE } : {});
    children.push(uncached);
    const cached = await startGatewayChild(config(600));
    children.push(cached);

    const contenders = [
      { name: "Zebra's SRU (/marc21)", url: (q: string) => `${zebra.sruUrl('marc21')}?${params(q)}`, cpu: async () => processCpuMs(zebra.pid) },
      { name: 'gateway SRU, cache off (/sru/zebra)', url: (q: string) => `${uncached.url}/sru/zebra?${params(q)}`, cpu: async () => (await uncached.cpu()) / 1000, mainCpu: () => uncached.mainThreadCpuMs() },
      { name: 'gateway SRU, cache on (/sru/zebra)', url: (q: string) => `${cached.url}/sru/zebra?${params(q)}`, cpu: async () => (await cached.cpu()) / 1000, mainCpu: () => cached.mainThreadCpuMs() },
    ];
    const [zebraSide] = contenders as [(typeof contenders)[number]];

    // Same records: the gateway's answer carries the same 001s as Zebra's, query by query.
    const perQuery: string[] = [];
    for (const q of QUERIES) {
      const theirs = ids(await get(zebraSide.url(q)));
      for (const c of contenders.slice(1)) {
        const ours = ids(await get(c.url(q)));
        if (ours.join() !== theirs.join()) throw new Error(`${c.name} returned other records for ${q}: ${ours.join()} vs ${theirs.join()}`);
      }
      perQuery.push(`${q} (${theirs.length})`);
    }
    // Each side warmed alike until the gateway's JIT has compiled its paths: a service runs for days, not 30 requests.
    for (let i = 0; i < WARMUP; i++) for (const c of contenders) await get(c.url(QUERIES[i % QUERIES.length] as string));

    const rates = contenders.map(() => [] as number[]);
    const cpu = contenders.map(() => 0);
    const mainCpu = contenders.map(() => 0);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const index = (k + round) % contenders.length;
        const c = contenders[index] as (typeof contenders)[number];
        const cpu0 = await c.cpu();
        const main0 = (await c.mainCpu?.()) ?? 0;
        const started = performance.now();
        for (let i = 0; i < PER_ROUND; i++) await get(c.url(QUERIES[i % QUERIES.length] as string));
        const seconds = (performance.now() - started) / 1000;
        cpu[index] = (cpu[index] as number) + (await c.cpu()) - cpu0;
        mainCpu[index] = (mainCpu[index] as number) + ((await c.mainCpu?.()) ?? 0) - main0;
        rates[index]?.push(PER_ROUND / seconds);
      }
    }
    const rate = rates.map(median);
    console.log(`Zebra with the fixture catalogue; the gateway's one library is that Zebra's marc21 database over Z39.50`);
    console.log(`queries (records): ${perQuery.join(', ')} — the same 001s from both sides`);
    console.log(`${WARMUP} warm-up requests per side, then ${ROUNDS} rounds × ${PER_ROUND} sequential searchRetrieve requests per side, order rotated, median round:`);
    contenders.forEach((c, i) => {
      const split = c.mainCpu ? `   (main thread ${((mainCpu[i] as number) / (ROUNDS * PER_ROUND)).toFixed(2)}, V8 compiler/GC threads + libuv ${(((cpu[i] as number) - (mainCpu[i] as number)) / (ROUNDS * PER_ROUND)).toFixed(2)})` : '';
      console.log(`  ${c.name.padEnd(38)} ${(rate[i] as number).toFixed(0).padStart(5)} requests/s   CPU ${((cpu[i] as number) / (ROUNDS * PER_ROUND)).toFixed(2)} ms/request${split}`);
    });
    const [z, off, on] = rate as [number, number, number];
    console.log(`  ratio gateway ÷ Zebra: cache off ${(off / z).toFixed(2)} (goal ≥ 0.8), cache on ${(on / z).toFixed(2)} (goal ≥ 3)`);
  } finally {
    for (const child of children) await child.close();
    await zebra.stop();
  }
}

await main();
