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
 * Where the gateway's time goes (informational, not in the ratios): each side's mean request time,
 * and a fourth side in the same rounds, Zebra asked over Z39.50 exactly what the gateway's adapter
 * asks it (one Search with the 10 USMARC records piggy-backed, the project's client, one session).
 * Requests are sequential, so the gateway's request − that Search is the gateway's own latency.
 */
import { request } from 'undici';
import { toRpn } from '../adapters/z3950/rpn.ts';
import { Session } from '../adapters/z3950/session.ts';
import { analyzeQuery } from '../src/sru/query.ts';
import { textCodec } from '../src/adapter-api/text-codec.ts';
import type { RpnQuery } from '../src/z3950/apdu/query.ts';
import { OID } from '../src/z3950/oids.ts';
import { startZebra } from '../peers/zebra.ts';
import { describeFlags } from './deploy-flags.ts';
import { startGatewayChild, type GatewayChild } from './gateway-child.ts';
import { machineLine } from './machine.ts';
import { median } from './stats.ts';
import { processCpuMs } from './process-cpu.ts';

const ROUNDS = 5;
const PER_ROUND = Number(process.env.BENCH_SEARCHES ?? 60);
/** Warm-up per side before timing (BENCH_WARMUP; 30 left V8 compiling hundreds of functions during the timed rounds). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const QUERIES = ['dc.title=history', 'cql.serverChoice=china', 'dc.title=cambridge', 'cql.serverChoice=ming', 'dc.creator=huang', 'cql.serverChoice=1587'];
const codec = textCodec('utf-8');
/** Each query as the gateway's adapter sends it to Zebra: the SRU endpoint's CQL reading, then the adapter's RPN. */
const RPNS: RpnQuery[] = QUERIES.map((cql) => {
  const analyzed = analyzeQuery(cql);
  if (analyzed.kind !== 'search') throw new Error(`${cql} is not a search`);
  return toRpn(analyzed.query, { codec });
});
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
  const sessions: Session[] = [];
  try {
    const library = { id: 'zebra', name: { zh: 'zebra', en: 'zebra' }, category: '其他类', adapter: 'z3950', settings: { host: zebra.host, port: zebra.port, databases: ['marc21'], recordSyntax: 'usmarc', format: 'marc21', presentChunk: 10 } };
    const config = (ttlSeconds: number) => ({ gateway: { port: 0, deadlineMs: 10_000, concurrency: 16, recordsPerLibrary: 10, cache: { maxResultSets: 100, ttlSeconds } }, libraries: [library] });
    // BENCH_PROFILE=<dir>: a CPU profile of the uncached gateway (bench/profile-summary.ts reads it).
    const uncached = await startGatewayChild(config(0), process.env.BENCH_PROFILE ? { profileDir: process.env.BENCH_PROFILE } : {});
    children.push(uncached);
    const cached = await startGatewayChild(config(600));
    children.push(cached);

    const piggySession = await Session.open({ host: zebra.host, port: zebra.port, timeouts: { connectMs: 3000, initMs: 5000, searchMs: 30_000, presentMs: 30_000 }, maxPduBytes: 8 * 1024 * 1024, codec });
    sessions.push(piggySession);
    const piggyback = async (i: number): Promise<void> => {
      await piggySession.search({ databases: ['marc21'], query: RPNS[i % RPNS.length] as RpnQuery, preferredRecordSyntax: OID.USMARC, piggyback: { count: 10, elementSetName: 'F' } });
    };
    const contenders = [
      { name: "Zebra's SRU (/marc21)", url: (q: string) => `${zebra.sruUrl('marc21')}?${params(q)}`, cpu: async () => processCpuMs(zebra.pid) },
      { name: 'gateway SRU, cache off (/sru/zebra)', url: (q: string) => `${uncached.url}/sru/zebra?${params(q)}`, cpu: async () => (await uncached.cpu()) / 1000, mainCpu: () => uncached.mainThreadCpuMs() },
      { name: 'gateway SRU, cache on (/sru/zebra)', url: (q: string) => `${cached.url}/sru/zebra?${params(q)}`, cpu: async () => (await cached.cpu()) / 1000, mainCpu: () => cached.mainThreadCpuMs() },
      // Not in the ratios: what the gateway's adapter asks Zebra for each uncached request (one round trip).
      { name: 'Zebra Z39.50, piggy-backed Search', cpu: async () => processCpuMs(zebra.pid), run: piggyback },
    ];
    const [zebraSide] = contenders as [(typeof contenders)[number]];
    const send = (c: (typeof contenders)[number], i: number): Promise<unknown> => (c.run ? c.run(i) : get(c.url!(QUERIES[i % QUERIES.length] as string)));

    // Same records: the gateway's answer carries the same 001s as Zebra's, query by query.
    const perQuery: string[] = [];
    for (const q of QUERIES) {
      const theirs = ids(await get(zebraSide.url!(q)));
      for (const c of contenders.slice(1, 3)) {
        const ours = ids(await get(c.url!(q)));
        if (ours.join() !== theirs.join()) throw new Error(`${c.name} returned other records for ${q}: ${ours.join()} vs ${theirs.join()}`);
      }
      perQuery.push(`${q} (${theirs.length})`);
    }
    // Each side warmed alike until the gateway's JIT has compiled its paths: a service runs for days, not 30 requests.
    for (let i = 0; i < WARMUP; i++) for (const c of contenders) await send(c, i);

    const rates = contenders.map(() => [] as number[]);
    const cpu = contenders.map(() => 0);
    const mainCpu = contenders.map(() => 0);
    const times = contenders.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const index = (k + round) % contenders.length;
        const c = contenders[index] as (typeof contenders)[number];
        const cpu0 = await c.cpu();
        const main0 = (await c.mainCpu?.()) ?? 0;
        const started = performance.now();
        for (let i = 0; i < PER_ROUND; i++) {
          const t0 = performance.now();
          await send(c, i);
          times[index]?.push(performance.now() - t0);
        }
        const seconds = (performance.now() - started) / 1000;
        cpu[index] = (cpu[index] as number) + (await c.cpu()) - cpu0;
        mainCpu[index] = (mainCpu[index] as number) + ((await c.mainCpu?.()) ?? 0) - main0;
        rates[index]?.push(PER_ROUND / seconds);
      }
    }
    const rate = rates.map(median);
    console.log(`Zebra with the fixture catalogue; the gateway's one library is that Zebra's marc21 database over Z39.50; the gateway's node flags: ${describeFlags(uncached.nodeFlags)}`);
    console.log(`queries (records): ${perQuery.join(', ')} — the same 001s from both sides`);
    console.log(`${WARMUP} warm-up requests per side, then ${ROUNDS} rounds × ${PER_ROUND} sequential searchRetrieve requests per side, order rotated, median round:`);
    contenders.forEach((c, i) => {
      const split = c.mainCpu ? `   (main thread ${((mainCpu[i] as number) / (ROUNDS * PER_ROUND)).toFixed(2)}, V8 compiler/GC threads + libuv ${(((cpu[i] as number) - (mainCpu[i] as number)) / (ROUNDS * PER_ROUND)).toFixed(2)})` : '';
      console.log(`  ${c.name.padEnd(38)} ${(rate[i] as number).toFixed(0).padStart(5)} requests/s   CPU ${((cpu[i] as number) / (ROUNDS * PER_ROUND)).toFixed(2)} ms/request${split}`);
    });
    const [z, off, on] = rate as [number, number, number];
    console.log(`  ratio gateway ÷ Zebra: cache off ${(off / z).toFixed(2)} (goal ≥ 0.8), cache on ${(on / z).toFixed(2)} (goal ≥ 3)`);
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const [zebraMs, offMs, onMs, piggyMs] = times.map(mean) as [number, number, number, number];
    console.log(`where the time goes, mean request time as the client sees it: Zebra's SRU ${zebraMs.toFixed(2)} ms, gateway cache off ${offMs.toFixed(2)}, cache on ${onMs.toFixed(2)}, Zebra's piggy-backed Z39.50 Search ${piggyMs.toFixed(2)}`);
    console.log(
      `  the gateway's own latency per uncached request ≈ gateway − Zebra's piggy-backed Search = ${(offMs - piggyMs).toFixed(2)} ms;` +
        ` requests are sequential, so 0.8 needs it ≤ ${(zebraMs / 0.8 - piggyMs).toFixed(2)} ms`,
    );
  } finally {
    for (const session of sessions) await session.close().catch(() => undefined);
    for (const child of children) await child.close();
    await zebra.stop();
  }
}

await main();
