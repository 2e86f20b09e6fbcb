/**
 * Z39.50 client benchmark against one local Zebra (peers/zebra.ts, fixture catalogue):
 * our client vs YAZ's zoomsh, in the same run, against the same server.
 *
 * Method (like with like):
 * - One query list, rotated. Each query is written once in the gateway query model, turned into
 *   RPN by our client (adapters/z3950/rpn.ts), and that RPN printed as PQF (pqf.ts) for zoomsh,
 *   so Zebra runs identical searches for both clients.
 * - One search = Search + Present of the first 10 records as USMARC, on one association kept
 *   open. zoomsh runs `search …` / `show 0 10` lines in one process on one connection with
 *   `set piggyback 0`; ours runs with piggyback off (APDUs checked with `zoomsh -a`: the same
 *   Search/Present pair). A second mode puts the 10 records on the SearchResponse instead
 *   (piggy-back, one round trip): zoomsh `set count 10` (ZOOM sends small 1 / large 2e9 /
 *   medium 10; its `search` then prints the records itself, so no `show`), ours with its
 *   default `piggyback: true` (small 10 / large 2e9 / medium 10).
 * - zoomsh decodes each record and renders it as MARC text. The like-for-like side of ours is
 *   the protocol client: Session.search + Session.present + record extraction + ISO 2709 parse
 *   into MarcRecords. The full adapter (z3950Adapter.search: pool, the same PDUs, and mapping to
 *   BibRecords with holdings and ILL verdicts, work zoomsh does not do) is reported beside it.
 * - Throughput is the steady state. zoomsh is run with 1 and with n searches per round and its
 *   rate is (n-1) / (T_n - T_1), which removes process start, connect and Init; our sessions are
 *   opened before timing. The three contenders run in alternating rounds, so load from other
 *   processes on the machine hits all of them alike; a ratio is the median of the rounds' own
 *   ratios (each pairs runs seconds apart), the rates printed are the median rounds.
 * - CPU per search beside the rates: ours from process.cpuUsage() (the whole Node process, GC
 *   helper threads included), zoomsh's from its rusage (bash `times` after it exits; n and 1
 *   searches subtracted like the rate), Zebra's from /proc for each contender's rounds. The rates
 *   are wall clock and most of a search is Zebra's own CPU, the same for both sides; the CPU lines
 *   show what each client itself costs.
 * - Latency p50 of the full adapter: on its pooled session, and with a fresh session per search
 *   (connect + Init + Search + Present + Close), i.e. what pooling saves.
 *
 * Run: npm run bench:z3950   (BENCH_SEARCHES=N total per contender, default 600; needs zebra + yaz)
 */
import { z3950Adapter } from '../adapters/z3950/index.ts';
import { textCodec } from '../src/adapter-api/text-codec.ts';
import { OID } from '../src/z3950/oids.ts';
import { toPqf } from '../adapters/z3950/pqf.ts';
import { extractRecord } from '../adapters/z3950/records.ts';
import { toRpn } from '../adapters/z3950/rpn.ts';
import { Session } from '../adapters/z3950/session.ts';
import type { RpnQuery } from '../src/z3950/apdu/query.ts';
import type { AdapterContext, SearchResult, TargetAdapter } from '../src/adapter-api/contract.ts';
import { libraryCommonSchema } from '../src/config/schema.ts';
import { silentLogger } from '../src/logging.ts';
import type { QueryNode } from '../src/query/model.ts';
import { readIso2709 } from '../src/records/iso2709/reader.ts';
import { runTool } from '../peers/proc.ts';
import { processCpuMs } from './process-cpu.ts';
import { startZebra, type ZebraPeer } from '../peers/zebra.ts';

const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 600);
const ROUNDS = 5;
const PER_ROUND = Math.max(2, Math.ceil(SEARCHES / ROUNDS));
const FRESH_SEARCHES = 100;
const RECORDS = 10;
const codec = textCodec('utf-8');
const MODES = ['search+present', 'piggy-back'] as const;
type Mode = (typeof MODES)[number];

const QUERIES: QueryNode[] = [
  { kind: 'term', field: 'keyword', value: 'china', mode: 'words' },
  { kind: 'term', field: 'title', value: 'cambridge history of china', mode: 'words' },
  { kind: 'term', field: 'keyword', value: 'ming', mode: 'words' },
  { kind: 'term', field: 'author', value: '黄仁宇', mode: 'words' },
  { kind: 'term', field: 'keyword', value: 'history', mode: 'words' },
  { kind: 'yearRange', from: 1970, to: 2000 },
];
const RPNS: RpnQuery[] = QUERIES.map((q) => toRpn(q, { codec }));

const library = { ...libraryCommonSchema.parse({ id: 'bench', name: { zh: '基准', en: 'Bench' }, category: '其他类', adapter: 'z3950', settings: {} }), settings: {} };
const context: AdapterContext = {
  library,
  logger: silentLogger(),
  env: {},
  httpDispatcher: () => {
    throw new Error('the Z39.50 adapter does not use HTTP');
  },
};

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Search i through an adapter with a 10-s deadline as the gateway gives one (a timer cleared when
 * the search ends, src/fanout/abort.ts). AbortSignal.timeout's timers are not cleared: each one
 * fired 10 s later, in a later round, making an error and an abort event on the adapter's side
 * only (6-12% of its busy time in long runs).
 */
async function adapterSearch(adapter: TargetAdapter, i: number): Promise<SearchResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('bench: 10 s deadline')), 10_000);
  try {
    return await adapter.search({ query: QUERIES[i % QUERIES.length]!, start: 1, count: RECORDS, signal: deadline.signal });
  } finally {
    clearTimeout(timer);
  }
}

function adapterFor(zebra: ZebraPeer, mode: Mode): TargetAdapter {
  const settings = z3950Adapter.settingsSchema.parse({
    host: zebra.host,
    port: zebra.port,
    databases: ['marc21'],
    recordSyntax: 'usmarc',
    presentChunk: RECORDS,
    piggyback: mode === 'piggy-back',
    pool: { maxSessions: 1, idleMs: 600_000 },
  });
  return z3950Adapter.create(settings, context);
}

/** Protocol client: Search (+ Present) + extract + ISO 2709 parse. Returns records decoded. */
async function clientSearch(session: Session, i: number, mode: Mode): Promise<number> {
  // The same PDUs as zoomsh's (checked with `zoomsh -a`): no element set name, and the record
  // syntax only where records are asked for.
  const piggyback = mode === 'piggy-back' ? { piggyback: { count: RECORDS }, preferredRecordSyntax: OID.USMARC } : {};
  const found = await session.search({ databases: ['marc21'], query: RPNS[i % RPNS.length]!, ...piggyback });
  // Like the adapter and ZOOM: never ask beyond the hit count (Zebra answers that with diagnostic 13).
  const count = Math.min(RECORDS, Number(found.resultCount));
  if (count === 0) return 0;
  const page = found.records?.kind === 'records' ? found : await session.present({ start: 1, count, preferredRecordSyntax: OID.USMARC });
  let records = 0;
  for (const [j, npr] of (page.records?.kind === 'records' ? page.records.records : []).entries()) {
    const out = extractRecord(npr, j + 1, codec);
    if (out.ok && out.record.syntax === 'usmarc') for (const item of readIso2709(out.record.bytes)) if (item.type === 'record' && item.record.toMarcRecord().fields.length > 0) records++;
  }
  return records;
}

/** Children's user + system CPU in ms from bash's `times` (its second line). */
function childCpuMs(stderr: string): number {
  const line = stderr.trimEnd().split('\n').at(-1) ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (parts.length !== 2) throw new Error(`no CPU times from bash: ${line}`);
  return parts[0]! + parts[1]!;
}

async function zoomshRun(zebra: ZebraPeer, pqfs: string[], searches: number, mode: Mode): Promise<{ ms: number; cpuMs: number; hits: number; records: number }> {
  const lines = [`connect ${zebra.z3950Target('marc21')}`, 'set preferredRecordSyntax usmarc', mode === 'piggy-back' ? `set count ${RECORDS}` : 'set piggyback 0'];
  // With `count` set, zoomsh's search already fetches and prints the piggy-backed records.
  for (let i = 0; i < searches; i++) lines.push(`search ${pqfs[i % pqfs.length]!}`, ...(mode === 'piggy-back' ? [] : [`show 0 ${RECORDS}`]));
  lines.push('quit', '');
  const t0 = performance.now();
  // bash reports zoomsh's rusage afterwards; starting bash is outside what the rate counts (n - 1 searches).
  const result = await runTool('bash', ['-c', 'zoomsh; rc=$?; times >&2; exit $rc'], { input: lines.join('\n'), timeoutMs: 600_000 });
  const ms = performance.now() - t0;
  if (result.code !== 0) throw new Error(`zoomsh failed (${result.code}): ${result.stderr}`);
  return { ms, cpuMs: childCpuMs(result.stderr), hits: (result.stdout.match(/: \d+ hits/g) ?? []).length, records: (result.stdout.match(/^\d+ database=/gm) ?? []).length };
}

interface Tally {
  rates: number[];
  /** CPU ms per search of the client itself, and of Zebra serving it, per round. */
  cpu: number[];
  zebraCpu: number[];
  records: number;
}

async function main(): Promise<void> {
  const zebra = await startZebra();
  // Measured here, not asserted in a test (unloaded: 0.4-0.9 s).
  console.log(`zebra cold start: ${zebra.startupMs.toFixed(0)} ms`);
  const session = await Session.open({ host: zebra.host, port: zebra.port, timeouts: { connectMs: 2000, initMs: 2000, searchMs: 10_000, presentMs: 10_000 }, maxPduBytes: 8 << 20, codec });
  const adapters = { 'search+present': adapterFor(zebra, 'search+present'), 'piggy-back': adapterFor(zebra, 'piggy-back') };
  const tallies = new Map<string, Tally>();
  const tally = (name: string, rate: number, records: number, cpu: number, zebraCpu: number): void => {
    const t = tallies.get(name) ?? { rates: [], cpu: [], zebraCpu: [], records: 0 };
    t.rates.push(rate);
    t.cpu.push(cpu);
    t.zebraCpu.push(zebraCpu);
    t.records += records;
    tallies.set(name, t);
  };
  const pooled: number[] = [];
  try {
    const pqfs = RPNS.map(toPqf);
    console.log(`Zebra ${zebra.host}:${zebra.port}, database marc21 (${zebra.recordCounts.marc21} records); ${ROUNDS} rounds x ${PER_ROUND} searches, ${RECORDS} records each`);
    for (const pqf of pqfs) console.log(`  ${pqf}`);

    // Warm-up: Zebra's caches, our JIT, the adapters' pooled sessions.
    for (const mode of MODES) {
      await zoomshRun(zebra, pqfs, QUERIES.length, mode);
      for (let i = 0; i < 50; i++) await clientSearch(session, i, mode);
      for (let i = 0; i < 50; i++) await adapterSearch(adapters[mode], i);
    }

    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) {
        let z0 = processCpuMs(zebra.pid);
        const one = await zoomshRun(zebra, pqfs, 1, mode);
        const zebraOne = processCpuMs(zebra.pid) - z0;
        z0 = processCpuMs(zebra.pid);
        const many = await zoomshRun(zebra, pqfs, PER_ROUND, mode);
        const zebraMany = processCpuMs(zebra.pid) - z0;
        if (many.hits !== PER_ROUND) throw new Error(`zoomsh answered ${many.hits} of ${PER_ROUND} searches`);
        tally(`zoomsh ${mode}`, (PER_ROUND - 1) / ((many.ms - one.ms) / 1000), many.records, (many.cpuMs - one.cpuMs) / (PER_ROUND - 1), (zebraMany - zebraOne) / (PER_ROUND - 1));

        z0 = processCpuMs(zebra.pid);
        let c0 = process.cpuUsage();
        let t0 = performance.now();
        let records = 0;
        for (let i = 0; i < PER_ROUND; i++) records += await clientSearch(session, i, mode);
        tally(`client ${mode}`, PER_ROUND / ((performance.now() - t0) / 1000), records, cpuMsSince(c0) / PER_ROUND, (processCpuMs(zebra.pid) - z0) / PER_ROUND);

        z0 = processCpuMs(zebra.pid);
        c0 = process.cpuUsage();
        t0 = performance.now();
        records = 0;
        for (let i = 0; i < PER_ROUND; i++) {
          const s0 = performance.now();
          const result = await adapterSearch(adapters[mode], i);
          if (mode === 'piggy-back') pooled.push(performance.now() - s0);
          records += result.records.length;
        }
        tally(`adapter ${mode}`, PER_ROUND / ((performance.now() - t0) / 1000), records, cpuMsSince(c0) / PER_ROUND, (processCpuMs(zebra.pid) - z0) / PER_ROUND);
      }
    }
    const counts = new Set([...tallies.values()].map((t) => t.records));
    if (counts.size !== 1) throw new Error(`records differ between contenders: ${JSON.stringify(Object.fromEntries([...tallies].map(([k, t]) => [k, t.records])))}`);

    // Fresh association per search, default settings (piggy-back on).
    const fresh: number[] = [];
    for (let i = 0; i < FRESH_SEARCHES; i++) {
      const once = adapterFor(zebra, 'piggy-back');
      const t0 = performance.now();
      await adapterSearch(once, i);
      await once.close();
      fresh.push(performance.now() - t0);
    }

    const rate = (name: string): number => median(tallies.get(name)?.rates ?? []);
    const ratio = (name: string, base: string): number => {
      const [ours, theirs] = [tallies.get(name)?.rates ?? [], tallies.get(base)?.rates ?? []];
      return median(ours.map((r, i) => r / (theirs[i] ?? NaN)));
    };
    const cpu = (name: string): string => `${median(tallies.get(name)?.cpu ?? []).toFixed(3)} ms (Zebra ${median(tallies.get(name)?.zebraCpu ?? []).toFixed(2)})`;
    console.log(`records decoded per contender: ${[...counts][0]}`);
    for (const mode of MODES) {
      const [zoom, client, full] = [rate(`zoomsh ${mode}`), rate(`client ${mode}`), rate(`adapter ${mode}`)];
      const rounds = (name: string) => (tallies.get(name)?.rates ?? []).map((x) => x.toFixed(0)).join(' ');
      console.log(`\n[${mode}]`);
      console.log(`  zoomsh              : ${zoom.toFixed(0)} searches/s  (rounds: ${rounds(`zoomsh ${mode}`)})`);
      console.log(`  our protocol client : ${client.toFixed(0)} searches/s  (rounds: ${rounds(`client ${mode}`)})`);
      console.log(`  our adapter (+map)  : ${full.toFixed(0)} searches/s  (rounds: ${rounds(`adapter ${mode}`)})`);
      console.log(`  ratio client/zoomsh : ${ratio(`client ${mode}`, `zoomsh ${mode}`).toFixed(2)}  (goal >= 1.0; median of the rounds' ratios)`);
      console.log(`  ratio adapter/zoomsh: ${ratio(`adapter ${mode}`, `zoomsh ${mode}`).toFixed(2)}  (goal >= 1.0; the adapter also maps to BibRecords)`);
      console.log(`  CPU per search, median round: zoomsh ${cpu(`zoomsh ${mode}`)}, client ${cpu(`client ${mode}`)}, adapter ${cpu(`adapter ${mode}`)}`);
    }
    console.log(`\nadapter p50 latency (piggy-back, default): pooled session ${percentile(pooled, 50).toFixed(2)} ms (p99 ${percentile(pooled, 99).toFixed(2)}), fresh session ${percentile(fresh, 50).toFixed(2)} ms (p99 ${percentile(fresh, 99).toFixed(2)})`);
  } finally {
    await Promise.all(Object.values(adapters).map((a) => a.close()));
    await session.close();
    await zebra.stop();
  }
}

await main();
