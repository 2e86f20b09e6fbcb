/**
 * `npm run bench:gateway-stages`: the gateway's own work on one search of bench:gateway, stage by
 * stage, in process and hot (no sockets, no other process on the core): the required work the
 * CPU-per-record goal (issue 19, ≤ 0.15 ms) has to hold, before receiving (bench:gateway prints
 * the direct client's CPU for that) and before what a live run adds (GC of the kept sets, caches
 * cold after Zebra and the client have had the core).
 *
 * The 16 libraries' answers of bench:gateway's six queries are fetched once from the same Zebra
 * as that bench asks for them (8 × Z39.50 piggy-backed Search of 10 USMARC / UNIMARC records,
 * 8 × SRU searchRetrieve of 10 MARCXML records; 147 records a search on average). Then every
 * search runs, on its own copies of nothing but those answers:
 *   Z39.50 → records   extract + ISO 2709 + map (the adapter's z3950RecordsToBib);
 *   SRU → records      envelope + MARCXML + map (parseSruResponse + sruRecordsToBib);
 *   own strings        each answer's strings copied (src/interceptors/own-strings.ts);
 *   ILL verdicts       applyVerdicts with the search's service snapshot;
 *   merge              Merger.add per library answer, prepare, clusters (as gateway.ts);
 *   rank               rankClusters with the search's query;
 *   first page         resultSetView (limit 20) + the JSON as UTF-8 into a reused Buffer (sendUniqueJson's writeJsonUtf8);
 *   keep               the set kept by the gateway's own store (src/resultsets/store.ts, at most
 *                      the last 100 searches' sets, BENCH_KEEP, within its byte bound), for paging:
 * what the collector does with the kept sets is part of every search's cost. Before, the bench
 * kept the last 100 sets whatever their size, more than the store's byte bound lets it keep (the
 * bench prints how many it held). It runs with the deploy unit's node flags (bench/deploy-flags.ts;
 * BENCH_NODE_FLAGS replaces them, '' for none): the heap bound makes the collector work harder.
 * Each stage is timed around its calls (its GC pauses land in it); per stage the median of the
 * rounds' means, and the process's CPU per search and per record (every thread). Informational.
 */
import { request } from 'undici';
import { rmSync } from 'node:fs';
import { adapterRegistry } from '../adapters/index.ts';
import { requestParams } from '../adapters/sru/client.ts';
import { sruAdapter } from '../adapters/sru/index.ts';
import { sruRecordsToBib } from '../adapters/sru/records.ts';
import { parseSruResponse } from '../adapters/sru/response.ts';
import type { SruSettings } from '../adapters/sru/settings.ts';
import { z3950RecordsToBib } from '../adapters/z3950/bib.ts';
import { z3950Adapter } from '../adapters/z3950/index.ts';
import { extractRecord, type ExtractedRecord } from '../adapters/z3950/records.ts';
import { toRpn } from '../adapters/z3950/rpn.ts';
import { Session } from '../adapters/z3950/session.ts';
import type { Z3950Settings } from '../adapters/z3950/settings.ts';
import { textCodec } from '../src/adapter-api/text-codec.ts';
import { parseConfig } from '../src/config/load.ts';
import type { LibraryConfig } from '../src/config/schema.ts';
import type { LibraryStatus } from '../src/fanout/status.ts';
import { LenderServices } from '../src/gateway/lender-services.ts';
import { applyVerdicts } from '../src/holdings/verdicts.ts';
import { writeJsonUtf8 } from '../src/http/json-utf8.ts';
import { parseSearchParams } from '../src/http/search-params.ts';
import { parseViewParams } from '../src/http/view-params.ts';
import { resultSetView } from '../src/http/views.ts';
import { ownStrings } from '../src/interceptors/own-strings.ts';
import { Merger } from '../src/merge/merger.ts';
import { rankClusters } from '../src/merge/rank.ts';
import { serializeCql } from '../src/query/cql/serialize.ts';
import type { QueryNode } from '../src/query/model.ts';
import type { BibRecord } from '../src/records/model.ts';
import { ResultSetStore, type ResultSet } from '../src/resultsets/store.ts';
import type { NamePlusRecord } from '../src/z3950/apdu/records.ts';
import { RECORD_SYNTAX_OIDS } from '../src/z3950/oids.ts';
import { startZebra } from '../peers/zebra.ts';
import { withDeployFlags } from './deploy-flags.ts';
import { machineLine } from './machine.ts';
import { median } from './stats.ts';
import { enlargedCatalogue } from './zebra-catalogue.ts';

/** bench:gateway's figures, so both benches see the same records. */
const QUERIES = ['q=china', 'q=history', 'q=中国', 'title=history', 'q=明代', 'q=cambridge'];
const RECORDS = 10;
const COPIES = 10;
const ROUNDS = 15;
const PER_ROUND = Number(process.env.BENCH_SEARCHES ?? 60);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 600);
/** Sets kept alive at once, as the gateway's store keeps them for paging (bench:gateway's holds 100). */
const KEEP = Number(process.env.BENCH_KEEP ?? 100);
const codec = textCodec('utf-8');
const STAGES = ['Z39.50 → records', 'SRU → records', 'own strings', 'ILL verdicts', 'merge', 'rank', 'first page (view + JSON)', 'keep'] as const;

type Answer = { library: LibraryConfig; kind: 'z3950'; settings: Z3950Settings; records: NamePlusRecord[] } | { library: LibraryConfig; kind: 'sru'; settings: SruSettings; text: string };

interface Search {
  query: QueryNode;
  answers: Answer[];
}

async function fetchAnswers(libraries: readonly LibraryConfig[], queries: readonly QueryNode[]): Promise<Search[]> {
  const searches: Search[] = queries.map((query) => ({ query, answers: [] }));
  for (const library of libraries) {
    if (library.adapter === 'z3950') {
      const settings = z3950Adapter.settingsSchema.parse(library.settings);
      const session = await Session.open({ host: settings.host, port: settings.port, timeouts: settings.timeouts, maxPduBytes: settings.maxPduBytes, codec });
      try {
        for (const search of searches) {
          const found = await session.search({ databases: settings.databases, query: toRpn(search.query, { codec }), preferredRecordSyntax: RECORD_SYNTAX_OIDS[settings.recordSyntax], piggyback: { count: RECORDS, elementSetName: settings.elementSetName } });
          search.answers.push({ library, kind: 'z3950', settings, records: found.records?.kind === 'records' ? found.records.records : [] });
        }
      } finally {
        await session.close();
      }
    } else {
      const settings = sruAdapter.settingsSchema.parse(library.settings);
      for (const search of searches) {
        const params = requestParams(settings, { cql: serializeCql(search.query, {}), startRecord: 1, maximumRecords: RECORDS }, {});
        const text = await (await request(`${settings.url}?${params.toString()}`)).body.text();
        search.answers.push({ library, kind: 'sru', settings, text });
      }
    }
  }
  return searches;
}

const extract = (records: readonly NamePlusRecord[]): ExtractedRecord[] =>
  records.flatMap((npr, i) => {
    const outcome = extractRecord(npr, i + 1, codec);
    return outcome.ok ? [outcome.record] : [];
  });

const noSlices = { due: () => false, next: async () => undefined };

async function main(flags: string): Promise<void> {
  console.log(`bench:gateway-stages — ${machineLine()}; node flags: ${flags}`);
  const catalogueDir = enlargedCatalogue(COPIES);
  const zebra = await startZebra({ catalogueDir });
  let searches: Search[];
  let libraries: readonly LibraryConfig[];
  try {
    const raw = [];
    for (let i = 0; i < 8; i++) {
      const db = i % 2 === 0 ? 'marc21' : 'cnmarc';
      const unimarc = db === 'cnmarc';
      raw.push({ id: `z${i}`, name: { zh: `z${i}`, en: `z${i}` }, category: '其他类', adapter: 'z3950', settings: { host: zebra.host, port: zebra.port, databases: [db], recordSyntax: unimarc ? 'unimarc' : 'usmarc', format: unimarc ? 'cnmarc' : 'marc21', presentChunk: RECORDS, maxRecords: RECORDS } });
      raw.push({ id: `s${i}`, name: { zh: `s${i}`, en: `s${i}` }, category: '其他类', adapter: 'sru', settings: { url: zebra.sruUrl(db), version: '1.2', recordSchema: 'marcxml', format: unimarc ? 'cnmarc' : 'marc21', maxRecords: RECORDS } });
    }
    libraries = parseConfig({ gateway: { port: 0 }, libraries: raw }, 'bench', adapterRegistry).libraries;
    const queries = QUERIES.map((q) => parseSearchParams(Object.fromEntries(new URLSearchParams(q)), libraries).query);
    searches = await fetchAnswers(libraries, queries);
  } finally {
    await zebra.stop();
    rmSync(catalogueDir, { recursive: true, force: true });
  }

  const services = await new LenderServices({ libraries, readUnions: async () => [], configuredAt: new Date().toISOString() }).snapshot();
  const byId = new Map(libraries.map((l) => [l.id, l]));
  const verdicts = { services, library: (id: string) => byId.get(id), isUnion: () => false };
  const view = parseViewParams({ limit: '20' });
  let out: Buffer = Buffer.alloc(1 << 20);
  let counted = 0;
  let kept = 0;
  const store = new ResultSetStore({ max: Math.max(1, KEEP), ttlSeconds: 0 });

  /** One search through every stage, each stage's wall time added to `spent` (µs) by index; returns its records. */
  const run = async (search: Search, spent: Float64Array): Promise<number> => {
    let t = performance.now();
    const lap = (k: number) => {
      const now = performance.now();
      spent[k]! += (now - t) * 1000;
      t = now;
    };
    const perLibrary: BibRecord[][] = [];
    for (const answer of search.answers) {
      if (answer.kind !== 'z3950') continue;
      perLibrary.push(z3950RecordsToBib(extract(answer.records), { library: answer.library, settings: answer.settings }).records);
    }
    lap(0);
    for (const answer of search.answers) {
      if (answer.kind !== 'sru') continue;
      perLibrary.push((await sruRecordsToBib(parseSruResponse(answer.text), answer.library, answer.settings)).records);
    }
    lap(1);
    for (const records of perLibrary) ownStrings(records);
    lap(2);
    for (const records of perLibrary) applyVerdicts(records, verdicts);
    lap(3);
    const merger = new Merger();
    for (const records of perLibrary) if (records.length > 0) merger.add(records);
    await merger.prepare(noSlices);
    const clusters = merger.clusters();
    lap(4);
    const ranked = rankClusters(clusters, search.query);
    lap(5);
    const records = perLibrary.flat();
    const statuses: LibraryStatus[] = search.answers.map((a, i) => ({ library: a.library.id, state: 'ok', hits: perLibrary[i]?.length ?? 0, fetched: perLibrary[i]?.length ?? 0, elapsedMs: 1, warnings: [] }));
    const set: ResultSet = { id: 'bench', key: 'bench', query: search.query, libraries: [...byId.keys()], createdAt: new Date().toISOString(), elapsedMs: 1, statuses, records, clusters: ranked, services: services.toJSON() };
    const written = writeJsonUtf8(resultSetView(set, view, libraries, false), out);
    out = written.buffer;
    counted += written.length;
    lap(6);
    // Kept for paging, as the gateway keeps each search's set (bench:gateway's store holds 100).
    if (KEEP > 0) store.keep({ ...set, id: `bench-${(kept += 1)}` });
    lap(7);
    return records.length;
  };

  const warm = new Float64Array(STAGES.length);
  for (let i = 0; i < WARMUP; i++) await run(searches[i % searches.length]!, warm);
  const rounds: { stages: Float64Array; cpuUs: number; wallUs: number; records: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const spent = new Float64Array(STAGES.length);
    let records = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < PER_ROUND; i++) records += await run(searches[i % searches.length]!, spent);
    const cpu = process.cpuUsage(cpu0);
    rounds.push({ stages: spent.map((us) => us / PER_ROUND), cpuUs: (cpu.user + cpu.system) / PER_ROUND, wallUs: ((performance.now() - t0) * 1000) / PER_ROUND, records: records / PER_ROUND });
  }
  const perSearch = rounds[0]!.records;
  let held = 0;
  for (let i = kept; i > Math.max(0, kept - KEEP); i--) if (store.get(`bench-${i}`)) held++;
  console.log(`bench:gateway's six queries over its 16 libraries (8 Z39.50, 8 SRU; MARC 21 and CNMARC), ${perSearch.toFixed(1)} records per search, the last ${KEEP} searches' sets given to the store (it held ${held} at the end: its byte bound, with this process's heap limit); ${WARMUP} warm-up searches, then ${ROUNDS} rounds × ${PER_ROUND}; µs per search, median of the rounds (first pages written: ${(counted / 1e6).toFixed(0)} MB):`);
  STAGES.forEach((name, k) => {
    const us = median(rounds.map((r) => r.stages[k]!));
    console.log(`  ${name.padEnd(26)} ${us.toFixed(0).padStart(7)}   ${(us / perSearch).toFixed(1).padStart(6)} per record`);
  });
  const cpuUs = median(rounds.map((r) => r.cpuUs));
  console.log(`  all, wall                  ${median(rounds.map((r) => r.wallUs)).toFixed(0).padStart(7)}`);
  console.log(`  process CPU (every thread: GC and compiler helpers too)  ${cpuUs.toFixed(0)} µs per search, ${(cpuUs / 1000 / perSearch).toFixed(3)} ms per record   (bench:gateway's goal for the live gateway, receiving included: ≤ 0.15)`);
}

// The stages run in a process with the deploy unit's node flags (its heap bound), as the gateway does.
await withDeployFlags(import.meta.url, main);
