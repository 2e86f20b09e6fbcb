/**
 * `npm run bench:z3950-server-stages`: where the gateway's own CPU goes in one uncached search of
 * bench:z3950-server, stage by stage, in process (no sockets): the records are fetched once from
 * Zebra exactly as the gateway's adapter asks for them (one Search, 10 USMARC piggy-backed, the
 * same six queries), then every search runs all the stages on them, each on the objects the stage
 * before made for that search:
 *   extract     NamePlusRecord → EXTERNAL bytes (adapters/z3950/records.ts);
 *   decode      ISO 2709 → MarcRecord (reader, charset check, toMarcRecord);
 *   map         MarcRecord → BibRecord with holdings (toBibRecord);
 *   merge       Merger add + prepare + clusters (one library's records, as the gateway merges them);
 *   rank        rankClusters with the search's query;
 *   present     recordsToServe + the first 10 bodies in USMARC, element set F (the front end's Present);
 *   scan index  the served records' headings added to the front end's scan index (after the response).
 * Each stage is timed around its call (wall clock, one thread: the GC pauses its allocations
 * trigger land in it); per stage the median of ROUNDS rounds' means, and the process's CPU per
 * search (every thread). Informational: it says which stage to work on; bench:z3950-server says
 * what a change gives. BENCH_ALLOC=file also writes a sampled allocation profile of one round.
 */
import { writeFileSync } from 'node:fs';
import { Session as Inspector } from 'node:inspector';
import { extractRecord, type ExtractedRecord } from '../adapters/z3950/records.ts';
import { toRpn } from '../adapters/z3950/rpn.ts';
import { Session } from '../adapters/z3950/session.ts';
import { adapterRegistry } from '../adapters/index.ts';
import { textCodec } from '../src/adapter-api/text-codec.ts';
import { parseConfig } from '../src/config/load.ts';
import type { LibraryConfig } from '../src/config/schema.ts';
import { Merger } from '../src/merge/merger.ts';
import { rankClusters } from '../src/merge/rank.ts';
import type { Cluster } from '../src/merge/types.ts';
import type { QueryNode, SearchField } from '../src/query/model.ts';
import { readIso2709 } from '../src/records/iso2709/reader.ts';
import type { MarcRecord } from '../src/records/marc.ts';
import type { BibRecord } from '../src/records/model.ts';
import { toBibRecord } from '../src/records/normalize.ts';
import type { ResultSet } from '../src/resultsets/store.ts';
import type { RenderContext } from '../src/sru/schemas/registry.ts';
import { recordsToServe } from '../src/sru/serve.ts';
import { TermIndex } from '../src/sru/term-index.ts';
import type { NamePlusRecord } from '../src/z3950/apdu/records.ts';
import { OID } from '../src/z3950/oids.ts';
import { recordBody } from '../src/z3950-server/record-syntaxes.ts';
import { startZebra } from '../peers/zebra.ts';
import { machineLine } from './machine.ts';
import { median } from './stats.ts';

const ROUNDS = 21;
const PER_ROUND = Number(process.env.BENCH_SEARCHES ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const RECORDS = 10;
const codec = textCodec('utf-8');
const QUERIES: [SearchField, string][] = [
  ['title', 'history'],
  ['keyword', 'china'],
  ['title', 'cambridge'],
  ['keyword', 'ming'],
  ['author', 'huang'],
  ['keyword', 'science'],
];

interface Fetched {
  query: QueryNode;
  records: NamePlusRecord[];
}

async function fetchRecords(port: number): Promise<Fetched[]> {
  const session = await Session.open({ host: '127.0.0.1', port, timeouts: { connectMs: 3000, initMs: 5000, searchMs: 30_000, presentMs: 30_000 }, maxPduBytes: 8 * 1024 * 1024, codec });
  try {
    const out: Fetched[] = [];
    for (const [field, value] of QUERIES) {
      const query: QueryNode = { kind: 'term', field, value, mode: 'words' };
      const found = await session.search({ databases: ['marc21'], query: toRpn(query, { codec }), preferredRecordSyntax: OID.USMARC, piggyback: { count: RECORDS, elementSetName: 'F' } });
      out.push({ query, records: found.records?.kind === 'records' ? found.records.records : [] });
    }
    return out;
  } finally {
    await session.close();
  }
}

const extract = (f: Fetched): ExtractedRecord[] => f.records.flatMap((npr, i) => {
  const outcome = extractRecord(npr, i + 1, codec);
  return outcome.ok ? [outcome.record] : [];
});

function decode(records: readonly ExtractedRecord[]): { marc: MarcRecord; charset: string; mismatch: boolean }[] {
  const out: { marc: MarcRecord; charset: string; mismatch: boolean }[] = [];
  for (const r of records) {
    if (r.syntax !== 'usmarc') continue;
    for (const item of readIso2709(r.bytes, { library: 'zebra', charset: 'utf-8', format: 'marc21' })) {
      if (item.type === 'record') out.push({ marc: item.record.toMarcRecord(), charset: item.record.charset, mismatch: item.record.charsetMismatch });
    }
  }
  return out;
}

const map = (library: LibraryConfig, decoded: ReturnType<typeof decode>): BibRecord[] =>
  decoded.map((d) => toBibRecord(d.marc, { library, format: 'marc21', charset: d.charset, charsetMismatch: d.mismatch }));

const noSlices = { due: () => false, next: async () => undefined };

async function merge(records: readonly BibRecord[]): Promise<Cluster[]> {
  const merger = new Merger();
  merger.add(records);
  await merger.prepare(noSlices);
  return merger.clusters();
}

/** The scan index the front end keeps of what it served (one per gateway, as in service.ts). */
const terms = new TermIndex();

function present(set: ResultSet, render: RenderContext): number {
  let bytes = 0;
  for (const item of recordsToServe(set).slice(0, RECORDS)) {
    const body = recordBody(item, 'usmarc', 'F', render);
    if (body.kind === 'retrieval' && body.external.encoding.kind === 'octet-aligned') bytes += body.external.encoding.bytes.length;
  }
  return bytes;
}

const cpuUs = (u: NodeJS.CpuUsage): number => u.user + u.system;

interface AllocationNode {
  selfSize: number;
  children: AllocationNode[];
}

const STAGES = ['extract', 'decode (ISO 2709)', 'map (toBibRecord)', 'merge', 'rank', 'present 10 USMARC F', 'scan index'] as const;

/** One search through every stage, each stage's wall time added to `spent` (µs) by index. */
async function search(f: Fetched, library: LibraryConfig, render: RenderContext, spent: Float64Array): Promise<void> {
  let t = performance.now();
  const lap = (k: number) => {
    const now = performance.now();
    spent[k]! += (now - t) * 1000;
    t = now;
  };
  const extracted = extract(f);
  lap(0);
  const decoded = decode(extracted);
  lap(1);
  const records = map(library, decoded);
  lap(2);
  const clusters = await merge(records);
  lap(3);
  const ranked = rankClusters(clusters, f.query);
  lap(4);
  const set = { clusters: ranked } as unknown as ResultSet;
  present(set, render);
  lap(5);
  terms.add(recordsToServe(set));
  lap(6);
}

async function main(): Promise<void> {
  console.log(`bench:z3950-server-stages — ${machineLine()}`);
  const zebra = await startZebra();
  const config = parseConfig(
    { gateway: { port: 0 }, libraries: [{ id: 'zebra', name: { zh: 'zebra', en: 'zebra' }, category: '其他类', adapter: 'z3950', settings: { host: zebra.host, port: zebra.port, databases: ['marc21'], recordSyntax: 'usmarc', format: 'marc21' } }] },
    'bench',
    adapterRegistry,
  );
  const library = config.libraries[0]!;
  let fetched: Fetched[];
  try {
    fetched = await fetchRecords(zebra.port);
  } finally {
    await zebra.stop();
  }
  const render: RenderContext = { libraries: new Map([[library.id, library]]), withholdMarc: new Set() };
  const perSearch = fetched.reduce((n, f) => n + f.records.length, 0) / fetched.length;
  const run = async (count: number, spent: Float64Array) => {
    for (let i = 0; i < count; i++) await search(fetched[i % fetched.length]!, library, render, spent);
  };
  await run(WARMUP, new Float64Array(STAGES.length));
  const rounds: { stages: Float64Array; cpuUs: number; wallUs: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const spent = new Float64Array(STAGES.length);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(PER_ROUND, spent);
    rounds.push({ stages: spent.map((us) => us / PER_ROUND), cpuUs: cpuUs(process.cpuUsage(cpu0)) / PER_ROUND, wallUs: ((performance.now() - t0) * 1000) / PER_ROUND });
  }
  console.log(`six queries of bench:z3950-server, ${perSearch.toFixed(1)} records per search; ${WARMUP} warm-up searches, then ${ROUNDS} rounds × ${PER_ROUND}; µs per search, median of the rounds (each stage timed around its call: the GC pauses its allocation triggers land in it):`);
  STAGES.forEach((name, k) => console.log(`  ${name.padEnd(22)} ${median(rounds.map((r) => r.stages[k]!)).toFixed(1).padStart(7)}`));
  console.log(`  all, wall               ${median(rounds.map((r) => r.wallUs)).toFixed(1).padStart(7)}   process CPU ${median(rounds.map((r) => r.cpuUs)).toFixed(1)} (every thread: GC and compiler helpers too)`);
  if (process.env.BENCH_ALLOC) await allocationProfile((spent) => run(PER_ROUND, spent), process.env.BENCH_ALLOC);
}

/**
 * BENCH_ALLOC=file: what the whole pipeline allocates, collected objects included (V8's sampling
 * heap profiler; Node's --heap-prof keeps only what is still alive): a .heapprofile for DevTools.
 */
async function allocationProfile(run: (spent: Float64Array) => Promise<void>, file: string): Promise<void> {
  const session = new Inspector();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await run(new Float64Array(STAGES.length));
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: AllocationNode } };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  const total = (n: AllocationNode): number => n.selfSize + n.children.reduce((sum, c) => sum + total(c), 0);
  console.log(`allocated per search (sampled, every thread's objects): ${(total(profile.head) / PER_ROUND / 1024).toFixed(0)} KiB; profile in ${file}`);
}

await main();
