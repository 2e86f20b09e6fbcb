/**
 * `npm run bench:z3950-server`: the gateway's Z39.50 front end against Zebra directly, with the
 * same client (the project's Z39.50 Session) and the same work on both sides.
 *
 * Setup: one Zebra (peers/zebra.ts) with the fixture catalogue; the gateway (alone in a child
 * process, bench/gateway-process.ts) has ONE library: that Zebra's marc21 database over Z39.50,
 * and its Z39.50 front end on a free port. Each request is Search (Bib-1 RPN) + Present of 10
 * records in USMARC on one open session per side:
 * - Zebra: database marc21 — search, 10 ISO 2709 records;
 * - front end, cache off: database "zebra" — RPN → query model, federated search (Z39.50 to
 *   that Zebra: search + present 10), decode, map, merge, rank, then 10 records re-encoded as
 *   ISO 2709 with holdings: Zebra's work plus ours;
 * - front end, cache on: the same, answered from the gateway's result-set cache after the first
 *   time each query was asked.
 * Before timing, each query's 001s from every side equal Zebra's. Rounds rotate the order of
 * the sides; the median round counts.
 * Where the front end's time goes (informational, not in the ratios): each side's mean Search and
 * Present round trips, and a fourth side in the same rounds, Zebra asked exactly what the
 * gateway's adapter asks it (one Search with the 10 records piggy-backed). With one session the
 * requests are sequential, so front end (Search + Present) − that piggy-backed Search is the
 * gateway's own latency per search; the ratio reaches 0.8 only when it is at most Zebra's Search +
 * Present ÷ 0.8 − the piggy-backed Search (about a quarter of Zebra's time).
 * The floor (informational, a fifth side in the same rounds, never a contender): the cheapest Node
 * front end asking Zebra exactly that (bench/z3950-floor-process.ts: one piggy-backed Search per
 * Search, Present answered from the records it got, their bytes copied unread; no query model,
 * no MARC decoding, no timers). Its ratio and its own latency are what any Node hop in front of
 * Zebra costs on this machine: the part of the gateway's latency no optimisation of ours removes.
 * CPU: the gateway's and the floor's process.cpuUsage(), Zebra's /proc stat; the Node processes'
 * is also split into the main thread and the rest (V8's optimizing compiler and GC helper
 * threads, libuv), which says how much of it is the JIT still warming up.
 * Goals (issue 17): front end ÷ Zebra ≥ 0.8 uncached, ≥ 3 cached.
 */
import { Session } from '../adapters/z3950/session.ts';
import { extractRecord } from '../adapters/z3950/records.ts';
import { textCodec } from '../src/adapter-api/text-codec.ts';
import { readIso2709 } from '../src/records/iso2709/reader.ts';
import type { RpnQuery } from '../src/z3950/apdu/query.ts';
import { OID } from '../src/z3950/oids.ts';
import { startZebra } from '../peers/zebra.ts';
import { describeFlags } from './deploy-flags.ts';
import { startGatewayChild, startZ3950FloorChild, type GatewayChild } from './gateway-child.ts';
import { machineLine } from './machine.ts';
import { median } from './stats.ts';
import { processCpuMs } from './process-cpu.ts';

const ROUNDS = 5;
const PER_ROUND = Number(process.env.BENCH_SEARCHES ?? 60);
/** Warm-up per side before timing (BENCH_WARMUP; 30 left V8 compiling hundreds of functions during the timed rounds). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const RECORDS = 10;
const codec = textCodec('utf-8');
const TERMS: [number, string][] = [
  [4, 'history'],
  [1016, 'china'],
  [4, 'cambridge'],
  [1016, 'ming'],
  [1003, 'huang'],
  [1016, 'science'],
];
const RPNS: RpnQuery[] = TERMS.map(([use, text]) => ({ attributeSet: OID.BIB1_ATTRIBUTES, rpn: { kind: 'term', attributes: [{ type: 1, value: use }], term: codec.encode(text), text } }));

function openSession(port: number): Promise<Session> {
  return Session.open({ host: '127.0.0.1', port, timeouts: { connectMs: 3000, initMs: 5000, searchMs: 30_000, presentMs: 30_000 }, maxPduBytes: 8 * 1024 * 1024, codec });
}

/** Round-trip times of one side's timed requests (ms): Search, Present. */
interface Trips {
  search: number[];
  present: number[];
}

/**
 * Search + Present 10 USMARC (or, `piggyback`, one Search with the 10 records in its response,
 * as the gateway's adapter asks Zebra); returns the 001s of the records decoded.
 */
async function searchAndPresent(session: Session, database: string, query: RpnQuery, trips?: Trips, piggyback = false): Promise<string[]> {
  const t0 = performance.now();
  const found = await session.search({ databases: [database], query, ...(piggyback ? { preferredRecordSyntax: OID.USMARC, piggyback: { count: RECORDS, elementSetName: 'F' } } : {}) });
  const t1 = performance.now();
  trips?.search.push(t1 - t0);
  const count = Math.min(RECORDS, Number(found.resultCount));
  if (count === 0) return [];
  const page = piggyback ? found : await session.present({ start: 1, count, preferredRecordSyntax: OID.USMARC });
  if (!piggyback) trips?.present.push(performance.now() - t1);
  const ids: string[] = [];
  for (const [j, npr] of (page.records?.kind === 'records' ? page.records.records : []).entries()) {
    const out = extractRecord(npr, j + 1, codec);
    if (!out.ok || out.record.syntax !== 'usmarc') continue;
    for (const item of readIso2709(out.record.bytes)) {
      if (item.type !== 'record') continue;
      const control = item.record.toMarcRecord().fields.find((f) => f.tag === '001');
      ids.push(control && 'value' in control ? control.value : '?');
    }
  }
  return ids.sort();
}

async function main(): Promise<void> {
  console.log(`bench:z3950-server — ${machineLine()}`);
  const zebra = await startZebra();
  const children: GatewayChild[] = [];
  const sessions: Session[] = [];
  try {
    const library = { id: 'zebra', name: { zh: 'zebra', en: 'zebra' }, category: '其他类', adapter: 'z3950', settings: { host: zebra.host, port: zebra.port, databases: ['marc21'], recordSyntax: 'usmarc', format: 'marc21', presentChunk: RECORDS } };
    const config = (ttlSeconds: number) => ({
      gateway: { port: 0, deadlineMs: 10_000, concurrency: 16, recordsPerLibrary: RECORDS, cache: { maxResultSets: 100, ttlSeconds }, z3950: { port: 0, maxPresentRecords: RECORDS } },
      libraries: [library],
    });
    // BENCH_PROFILE=<dir>: a CPU profile of the uncached gateway (bench/profile-summary.ts reads it).
    // BENCH_ALLOC=<file>: what the uncached gateway allocates, sampled (collected objects included).
    const uncached = await startGatewayChild(config(0), { ...(process.env.BENCH_PROFILE ? { profileDir: process.env.BENCH_PROFILE } : {}), ...(process.env.BENCH_ALLOC ? { allocFile: process.env.BENCH_ALLOC } : {}) });
    children.push(uncached);
    const cached = await startGatewayChild(config(600));
    children.push(cached);
    const floor = await startZ3950FloorChild(zebra.host, zebra.port);
    children.push(floor);
    const open = async (port: number | undefined) => {
      if (port === undefined) throw new Error('the gateway child has no Z39.50 front end');
      const s = await openSession(port);
      sessions.push(s);
      return s;
    };
    const contenders = [
      { name: 'Zebra directly (marc21)', session: await open(zebra.port), database: 'marc21', cpu: async () => processCpuMs(zebra.pid) },
      { name: 'front end, cache off (zebra)', session: await open(uncached.z3950Port), database: 'zebra', cpu: async () => (await uncached.cpu()) / 1000, mainCpu: () => uncached.mainThreadCpuMs() },
      { name: 'front end, cache on (zebra)', session: await open(cached.z3950Port), database: 'zebra', cpu: async () => (await cached.cpu()) / 1000, mainCpu: () => cached.mainThreadCpuMs() },
      // Not in the ratios: what the gateway's adapter asks Zebra for each uncached search (one round trip).
      { name: 'Zebra, piggy-backed Search', session: await open(zebra.port), database: 'marc21', cpu: async () => processCpuMs(zebra.pid), piggyback: true },
      // Not in the ratios: the floor, what any Node front end asking Zebra the same costs (bench/z3950-floor-process.ts).
      { name: 'floor: minimal Node front end', session: await open(floor.z3950Port), database: 'marc21', cpu: async () => (await floor.cpu()) / 1000, mainCpu: () => floor.mainThreadCpuMs() },
    ];

    const perQuery: string[] = [];
    for (const [i, rpn] of RPNS.entries()) {
      const theirs = await searchAndPresent(contenders[0]!.session, 'marc21', rpn);
      for (const c of contenders.slice(1)) {
        const ours = await searchAndPresent(c.session, c.database, rpn, undefined, c.piggyback);
        if (ours.join() !== theirs.join()) throw new Error(`${c.name} returned other records for use ${TERMS[i]![0]} "${TERMS[i]![1]}": ${ours.join()} vs ${theirs.join()}`);
      }
      perQuery.push(`${TERMS[i]![0]}="${TERMS[i]![1]}" (${theirs.length})`);
    }
    // Each side warmed alike until the gateway's JIT has compiled its paths: a service runs for days, not 30 requests.
    for (let i = 0; i < WARMUP; i++) for (const c of contenders) await searchAndPresent(c.session, c.database, RPNS[i % RPNS.length]!, undefined, c.piggyback);

    const rates = contenders.map(() => [] as number[]);
    const trips: Trips[] = contenders.map(() => ({ search: [], present: [] }));
    const cpu = contenders.map(() => 0);
    const mainCpu = contenders.map(() => 0);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const index = (k + round) % contenders.length;
        const c = contenders[index]!;
        const cpu0 = await c.cpu();
        const main0 = (await c.mainCpu?.()) ?? 0;
        const started = performance.now();
        for (let i = 0; i < PER_ROUND; i++) await searchAndPresent(c.session, c.database, RPNS[i % RPNS.length]!, trips[index], c.piggyback);
        const seconds = (performance.now() - started) / 1000;
        cpu[index] = cpu[index]! + (await c.cpu()) - cpu0;
        mainCpu[index] = mainCpu[index]! + ((await c.mainCpu?.()) ?? 0) - main0;
        rates[index]!.push(PER_ROUND / seconds);
      }
    }
    const rate = rates.map(median);
    console.log(`Zebra with the fixture catalogue; the gateway's one library is that Zebra's marc21 database over Z39.50; the gateway's node flags: ${describeFlags(uncached.nodeFlags)}`);
    console.log(`Bib-1 queries (records): ${perQuery.join(', ')} — the same 001s from every side`);
    console.log(`${WARMUP} warm-up searches per side, then ${ROUNDS} rounds × ${PER_ROUND} sequential Search + Present ${RECORDS} USMARC per side (the project's Z39.50 client, one session each), order rotated, median round:`);
    contenders.forEach((c, i) => {
      const split = c.mainCpu ? `   (main thread ${(mainCpu[i]! / (ROUNDS * PER_ROUND)).toFixed(2)}, V8 compiler/GC threads + libuv ${((cpu[i]! - mainCpu[i]!) / (ROUNDS * PER_ROUND)).toFixed(2)})` : '';
      console.log(`  ${c.name.padEnd(32)} ${rate[i]!.toFixed(0).padStart(5)} searches/s   CPU ${(cpu[i]! / (ROUNDS * PER_ROUND)).toFixed(2)} ms/search${split}`);
    });
    const [z, off, on] = rate as [number, number, number];
    console.log(`  ratio front end ÷ Zebra: cache off ${(off / z).toFixed(2)} (goal ≥ 0.8), cache on ${(on / z).toFixed(2)} (goal ≥ 3)`);
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    console.log('where the time goes, mean round trips of the timed requests as the client sees them (ms):');
    contenders.forEach((c, i) => {
      const t = trips[i]!;
      console.log(`  ${c.name.padEnd(32)} Search ${mean(t.search).toFixed(2)}${c.piggyback ? ' (10 records in it)' : `   Present ${mean(t.present).toFixed(2)}   together ${(mean(t.search) + mean(t.present)).toFixed(2)}`}`);
    });
    const [zebraTrips, offTrips, , piggyTrips, floorTrips] = trips as [Trips, Trips, Trips, Trips, Trips];
    const zebraMs = mean(zebraTrips.search) + mean(zebraTrips.present);
    const ownMs = mean(offTrips.search) + mean(offTrips.present) - mean(piggyTrips.search);
    console.log(
      `  the gateway's own latency per uncached search ≈ front end (Search + Present) − Zebra's piggy-backed Search = ${ownMs.toFixed(2)} ms` +
        ` (Search ${(mean(offTrips.search) - mean(piggyTrips.search)).toFixed(2)} + Present ${mean(offTrips.present).toFixed(2)});` +
        ` requests are sequential on one session, so 0.8 needs it ≤ ${(zebraMs / 0.8 - mean(piggyTrips.search)).toFixed(2)} ms (Zebra's Search + Present ${zebraMs.toFixed(2)} ÷ 0.8 − the piggy-backed Search)`,
    );
    const floorMs = mean(floorTrips.search) + mean(floorTrips.present) - mean(piggyTrips.search);
    console.log(
      `the floor, not a contender: the cheapest Node front end asking Zebra what the gateway asks (one piggy-backed Search per Search, Present from its records, no decoding): ÷ Zebra ${(rate[4]! / z).toFixed(2)},` +
        ` its own latency per search ${floorMs.toFixed(2)} ms, CPU ${(cpu[4]! / (ROUNDS * PER_ROUND)).toFixed(2)} ms/search — what any Node hop costs here; the gateway's own latency above it: ${(ownMs - floorMs).toFixed(2)} ms`,
    );
  } finally {
    for (const s of sessions) await s.close().catch(() => undefined);
    for (const child of children) await child.close();
    await zebra.stop();
  }
}

await main();
