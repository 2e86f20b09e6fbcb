/**
 * `npm run bench:z3950-server-stages`: where the gateway's own CPU goes in one uncached search of
 * bench:z3950-server, stage by stage, in process (no sockets): the records are fetched once from
 * Zebra exactly as the gateway's adapter asks for them (one Search, 10 USMARC piggy-backed, the
 * same six queries), then each stage runs on them in a loop of its own, every search's work from
 * the stage before made fresh (a search never sees another's objects):
 *   extract   NamePlusRecord → EXTERNAL bytes (adapters/z3950/records.ts);
 *   decode    ISO 2709 → MarcRecord (reader, charset check, toMarcRecord);
 *   map       MarcRecord → BibRecord with holdings (toBibRecord; src/records, not this bench's code);
 *   merge     Merger add + prepare + clusters (one library's records, as the gateway merges them);
 *   rank      rankClusters with the search's query;
 *   present   recordsToServe + the first 10 bodies in USMARC, element set F (the front end's Present).
 * Per stage: microseconds per search of the process's CPU (every thread: V8's GC and compiler
 * helpers included) and of wall clock, and the
 * garbage collector's pauses while it ran (PerformanceObserver 'gc'), each the median of ROUNDS
 * rounds. Informational: it says which stage to work on; bench:z3950-server says what it gives.
 */
import { writeFileSync } from 'node:fs';
import { Session as Inspector } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
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
import type { NamePlusRecord } from '../src/z3950/apdu/records.ts';
import { OID } from '../src/z3950/oids.ts';
import { recordBody } from '../src/z3950-server/record-syntaxes.ts';
import { startZebra } from '../peers/zebra.ts';
import { machineLine } from './machine.ts';
import { median } from './stats.ts';

const ROUNDS = 7;
const PER_ROUND = Number(process.env.BENCH_SEARCHES ?? 600);
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

function present(clusters: Cluster[], render: RenderContext): number {
  const set = { clusters } as unknown as ResultSet;
  let bytes = 0;
  for (const item of recordsToServe(set).slice(0, RECORDS)) {
    const body = recordBody(item, 'usmarc', 'F', render);
    if (body.kind === 'retrieval' && body.external.encoding.kind === 'octet-aligned') bytes += body.external.encoding.bytes.length;
  }
  return bytes;
}

interface AllocationNode {
  selfSize: number;
  children: AllocationNode[];
}

interface Stage {
  name: string;
  run: (i: number) => unknown;
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

const cpuUs = (u: NodeJS.CpuUsage): number => u.user + u.system;

async function time(stage: Stage, count: number): Promise<{ cpuUs: number; wallUs: number; gcUs: number }> {
  const cpu0 = process.cpuUsage();
  const gc0 = gcMs;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const out = stage.run(i);
    if (out instanceof Promise) await out;
  }
  const wall = performance.now() - t0;
  // The observer's entries arrive on a later turn.
  await new Promise((resolve) => setImmediate(resolve));
  return { cpuUs: cpuUs(process.cpuUsage(cpu0)) / count, wallUs: (wall * 1000) / count, gcUs: ((gcMs - gc0) * 1000) / count };
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
  const at = (i: number) => fetched[i % fetched.length]!;
  const perSearch = fetched.reduce((n, f) => n + f.records.length, 0) / fetched.length;
  // Cumulative: stage k runs stages 1..k on the search's records, so every stage works on objects
  // of its own search (ranking and recordBody remember per object); a stage's cost is the difference.
  const pipelines: Stage[] = [
    { name: 'extract', run: (i) => extract(at(i)) },
    { name: 'decode (ISO 2709)', run: (i) => decode(extract(at(i))) },
    { name: 'map (toBibRecord)', run: (i) => map(library, decode(extract(at(i)))) },
    { name: 'merge', run: (i) => merge(map(library, decode(extract(at(i))))) },
    { name: 'rank', run: async (i) => rankClusters(await merge(map(library, decode(extract(at(i))))), at(i).query) },
    { name: 'present 10 USMARC F', run: async (i) => present(rankClusters(await merge(map(library, decode(extract(at(i))))), at(i).query), render) },
  ];
  const results = pipelines.map(() => ({ cpu: [] as number[], wall: [] as number[], gc: [] as number[] }));
  for (const stage of pipelines) await time(stage, WARMUP);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [k, stage] of pipelines.entries()) {
      const r = await time(stage, PER_ROUND);
      results[k]!.cpu.push(r.cpuUs);
      results[k]!.wall.push(r.wallUs);
      results[k]!.gc.push(r.gcUs);
    }
  }
  console.log(`six queries of bench:z3950-server, ${perSearch.toFixed(1)} records per search; ${WARMUP} warm-up searches per pipeline, ${ROUNDS} rounds × ${PER_ROUND}, median round (µs per search, each stage = its pipeline − the one before):`);
  const m = results.map((r) => ({ cpu: median(r.cpu), wall: median(r.wall), gc: median(r.gc) }));
  for (const [k, stage] of pipelines.entries()) {
    const before = k === 0 ? { cpu: 0, wall: 0, gc: 0 } : m[k - 1]!;
    console.log(`  ${stage.name.padEnd(22)} CPU ${(m[k]!.cpu - before.cpu).toFixed(0).padStart(5)}   wall ${(m[k]!.wall - before.wall).toFixed(0).padStart(5)}   of it GC ${(m[k]!.gc - before.gc).toFixed(0).padStart(4)}`);
  }
  const last = m[m.length - 1]!;
  console.log(`  all stages             CPU ${last.cpu.toFixed(0).padStart(5)}   wall ${last.wall.toFixed(0).padStart(5)}   of it GC ${last.gc.toFixed(0).padStart(4)}`);
  if (process.env.BENCH_ALLOC) await allocationProfile(pipelines[pipelines.length - 1]!, process.env.BENCH_ALLOC);
}

/**
 * BENCH_ALLOC=file: what the whole pipeline allocates, collected objects included (V8's sampling
 * heap profiler; Node's --heap-prof keeps only what is still alive): a .heapprofile for DevTools.
 */
async function allocationProfile(stage: Stage, file: string): Promise<void> {
  const session = new Inspector();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await time(stage, PER_ROUND);
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: AllocationNode } };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  const total = (n: AllocationNode): number => n.selfSize + n.children.reduce((sum, c) => sum + total(c), 0);
  console.log(`allocated per search (sampled, every thread's objects): ${(total(profile.head) / PER_ROUND / 1024).toFixed(0)} KiB; profile in ${file}`);
}

await main();
