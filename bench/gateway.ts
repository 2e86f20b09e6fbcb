/**
 * `npm run bench:gateway`: the gateway against a real Zebra, next to a direct parallel client.
 *
 * Setup: one Zebra (peers/zebra.ts) serving the fixture catalogue ×10 (bench/zebra-catalogue.ts);
 * 16 libraries on it: 8 over Z39.50 (4 MARC 21 as USMARC, 4 CNMARC as UNIMARC) and 8 over SRU
 * (4 + 4, MARCXML). 10 records per library, result-set cache off.
 *
 * Sides (interleaved, alternating which goes first):
 * - gateway: GET /api/search (first page of 20) from a gateway running ALONE in a child process
 *   (bench/gateway-process.ts): fan-out, protocol clients, decode, map to records and holdings,
 *   merge, rank, JSON;
 * - direct: this process sends the same requests to the same 16 targets at once and waits for
 *   all answers: the same RPN (toRpn) with the same piggy-back Search over a kept Z39.50
 *   association, and the same SRU URL (the adapter's own requestParams + serializeCql). It
 *   reads the bytes and nothing else; record ids are read after the clock stops.
 * Same records: before timing, every query's records (library + 001) are compared between
 * the two sides; during timing the per-library record counts are compared on every search.
 * CPU per record: the gateway process's process.cpuUsage() across each timed search only,
 * summed, ÷ records the libraries returned, also split into its main thread and the rest (V8's
 * compiler and GC helper threads, libuv; Linux /proc). Informational: the direct client's own
 * CPU per record across the same searches, what receiving the answers costs a Node process
 * before any of the gateway's work: of the 0.15 ms goal, the gateway's own work has what is left
 * after it. Streaming: time to the first `clusters` event of
 * /api/search/stream ÷ the direct client's fastest library with records on the same query
 * (paired): the first result either client could show (a library answering 0 hits first gives
 * a stream nothing to send; the ratio to that is printed too).
 * Goals (issue 19): latency ratio p50 ≤ 1.2, p99 ≤ 1.5; CPU ≤ 0.15 ms/record; first
 * streamed result ≤ 1.05.
 *
 * Env: BENCH_SEARCHES (default 150), BENCH_WARMUP (rounds before timing, default 300), BENCH_PROFILE=<dir> (writes a .cpuprofile of the gateway), BENCH_ALLOC=<file> (a sampled allocation profile of the gateway, collected objects included).
 */
import { sruAdapter } from '../adapters/sru/index.ts';
import { requestParams } from '../adapters/sru/client.ts';
import { z3950Adapter } from '../adapters/z3950/index.ts';
import { textCodec } from '../src/adapter-api/text-codec.ts';
import { extractRecord } from '../adapters/z3950/records.ts';
import { toRpn } from '../adapters/z3950/rpn.ts';
import { Session } from '../adapters/z3950/session.ts';
import { startZebra } from '../peers/zebra.ts';
import type { LibraryConfig } from '../src/config/schema.ts';
import { parseSearchParams } from '../src/http/search-params.ts';
import { serializeCql } from '../src/query/cql/serialize.ts';
import type { QueryNode } from '../src/query/model.ts';
import { readIso2709 } from '../src/records/iso2709/reader.ts';
import { RECORD_SYNTAX_OIDS } from '../src/z3950/oids.ts';
import { request } from 'undici';
import { rmSync } from 'node:fs';
import { describeFlags } from './deploy-flags.ts';
import { startGatewayChild } from './gateway-child.ts';
import { machineLine } from './machine.ts';
import { percentile } from './stats.ts';
import { enlargedCatalogue } from './zebra-catalogue.ts';

const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 150);
/** Warm-up rounds (gateway search, direct, stream), so the child's JIT has settled before the clock: 20 left it compiling. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const RECORDS = 10;
const COPIES = 10;
/** API query strings; each finds ≥ 10 records in both databases of the enlarged catalogue. */
const QUERIES = ['q=china', 'q=history', 'q=中国', 'title=history', 'q=明代', 'q=cambridge'];

interface Target {
  id: string;
  config: Record<string, unknown>;
  /** Sends the library's request and returns the raw answers (not decoded). */
  send(query: QueryNode): Promise<Buffer[] | string>;
  /** 001 of each record in a raw answer (after the clock). */
  ids(raw: Buffer[] | string): string[];
  close(): Promise<void>;
}

const codec = textCodec('utf-8');
const iso001 = (bytes: Buffer): string => {
  for (const item of readIso2709(bytes)) if (item.type === 'record') return item.record.toMarcRecord().fields.find((f) => f.tag === '001' && 'value' in f)?.['value' as never] ?? '';
  return '';
};

async function z3950Target(id: string, host: string, port: number, database: string, unimarc: boolean): Promise<Target> {
  const raw = { host, port, databases: [database], recordSyntax: unimarc ? 'unimarc' : 'usmarc', format: unimarc ? 'cnmarc' : 'marc21', presentChunk: RECORDS, maxRecords: RECORDS };
  const settings = z3950Adapter.settingsSchema.parse(raw);
  const session = await Session.open({ host, port, timeouts: settings.timeouts, maxPduBytes: settings.maxPduBytes, codec });
  const syntax = RECORD_SYNTAX_OIDS[settings.recordSyntax];
  return {
    id,
    config: { id, name: { zh: id, en: id }, category: '其他类', adapter: 'z3950', settings: raw },
    async send(query) {
      const found = await session.search({ databases: [database], query: toRpn(query, { codec }), preferredRecordSyntax: syntax, piggyback: { count: RECORDS, elementSetName: settings.elementSetName } });
      const count = Math.min(RECORDS, Number(found.resultCount));
      const page = count === 0 || found.records?.kind === 'records' ? found : await session.present({ start: 1, count, preferredRecordSyntax: syntax, elementSetName: settings.elementSetName });
      return (page.records?.kind === 'records' ? page.records.records : []).map((npr, j) => {
        const out = extractRecord(npr, j + 1, codec);
        if (!out.ok || !('bytes' in out.record)) throw new Error(`${id}: record ${j + 1} is not ISO 2709`);
        return out.record.bytes as Buffer;
      });
    },
    ids: (answer) => (answer as Buffer[]).map(iso001),
    close: () => session.close(),
  };
}

function sruTarget(id: string, url: string, cnmarc: boolean): Target {
  const raw = { url, version: '1.2', recordSchema: 'marcxml', format: cnmarc ? 'cnmarc' : 'marc21', maxRecords: RECORDS };
  const settings = sruAdapter.settingsSchema.parse(raw);
  return {
    id,
    config: { id, name: { zh: id, en: id }, category: '其他类', adapter: 'sru', settings: raw },
    async send(query) {
      const params = requestParams(settings, { cql: serializeCql(query, {}), startRecord: 1, maximumRecords: RECORDS }, {});
      const res = await request(`${url}?${params.toString()}`);
      return res.body.text();
    },
    ids: (answer) => [...(answer as string).matchAll(/<controlfield tag="001">([^<]*)</g)].map((m) => m[1] as string),
    close: async () => undefined,
  };
}

async function main(): Promise<void> {
  console.log(`bench:gateway — ${machineLine()}`);
  const catalogueDir = enlargedCatalogue(COPIES);
  const zebra = await startZebra({ catalogueDir });
  const targets: Target[] = [];
  const profileDir = process.env.BENCH_PROFILE;
  let gateway: Awaited<ReturnType<typeof startGatewayChild>> | undefined;
  try {
    for (let i = 0; i < 8; i++) {
      const db = i % 2 === 0 ? 'marc21' : 'cnmarc';
      targets.push(await z3950Target(`z${i}`, zebra.host, zebra.port, db, db === 'cnmarc'));
      targets.push(sruTarget(`s${i}`, zebra.sruUrl(db), db === 'cnmarc'));
    }
    const config = {
      gateway: { port: 0, deadlineMs: 10_000, concurrency: 64, recordsPerLibrary: RECORDS, cache: { maxResultSets: 100, ttlSeconds: 0 } },
      libraries: targets.map((t) => t.config),
    };
    gateway = await startGatewayChild(config, { ...(profileDir ? { profileDir } : {}), ...(process.env.BENCH_ALLOC ? { allocFile: process.env.BENCH_ALLOC } : {}) });
    const gw = gateway;
    const libraries = targets.map((t) => ({ id: t.id, adapter: (t.config as { adapter: string }).adapter })) as unknown as LibraryConfig[];
    const queryOf = (q: string): QueryNode => parseSearchParams(Object.fromEntries(new URLSearchParams(q)), libraries).query;

    const direct = async (query: QueryNode) => {
      const cpu0 = process.cpuUsage();
      const started = performance.now();
      const each: number[] = [];
      const answers = await Promise.all(
        targets.map(async (t, i) => {
          const answer = await t.send(query);
          each[i] = performance.now() - started;
          return answer;
        }),
      );
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpu0);
      // Records are counted after the clock stopped: the first answer with records is the first result a client could show.
      const withRecords = each.filter((_, i) => (targets[i] as Target).ids(answers[i] as Buffer[] | string).length > 0);
      return { ms, cpuMicros: cpu.user + cpu.system, fastest: Math.min(...each), fastestWithRecords: Math.min(...withRecords), answers };
    };
    type SearchBody = { resultSetId: string; libraries: { library: string; state: string; fetched: number }[]; clusters: { members: { recordId: string }[] }[] };
    const viaGateway = async (q: string, limit: number) => {
      const started = performance.now();
      const res = await request(`${gw.url}/api/search?${q}&limit=${limit}`);
      const body = (await res.body.json()) as SearchBody;
      const ms = performance.now() - started;
      return { ms, body, complete: body.libraries.every((l) => l.state === 'ok') };
    };

    // Same records on both sides, per query: library + 001 (gateway localId).
    const perQuery = new Map<string, number>();
    for (const q of QUERIES) {
      const { body, complete } = await viaGateway(q, 200);
      if (!complete) throw new Error(`gateway: a library failed on ${q}: ${JSON.stringify(body.libraries.filter((l) => l.state !== 'ok'))}`);
      const { answers } = await direct(queryOf(q));
      const ours = body.clusters.flatMap((c) => c.members.map((m) => m.recordId)).sort();
      const theirs = targets.flatMap((t, i) => t.ids(answers[i] as Buffer[] | string).map((id) => `${t.id}:${id}`)).sort();
      if (ours.join('\n') !== theirs.join('\n')) throw new Error(`records differ for ${q}: gateway ${ours.length}, direct ${theirs.length}\n${ours.slice(0, 5).join(' ')}\n${theirs.slice(0, 5).join(' ')}`);
      perQuery.set(q, ours.length);
    }
    // Warm-up of both sides and of the stream route.
    for (let i = 0; i < WARMUP; i++) {
      const q = QUERIES[i % QUERIES.length] as string;
      await viaGateway(q, 20);
      await direct(queryOf(q));
      await firstClusters(`${gw.url}/api/search/stream?${q}`);
    }

    const gatewayMs: number[] = [];
    const directMs: number[] = [];
    const pairRatios: number[] = [];
    let cpuMicros = 0;
    let directCpuMicros = 0;
    let mainThreadMs = 0;
    let incomplete = 0;
    let records = 0;
    for (let i = 0; i < SEARCHES; i++) {
      const q = QUERIES[i % QUERIES.length] as string;
      const query = queryOf(q);
      const runGateway = async () => {
        const main0 = await gw.mainThreadCpuMs();
        const cpu0 = await gw.cpu();
        const result = await viaGateway(q, 20);
        const cpu = (await gw.cpu()) - cpu0;
        return { ...result, cpu, mainMs: (await gw.mainThreadCpuMs()) - main0 };
      };
      let g: Awaited<ReturnType<typeof runGateway>>;
      let d: Awaited<ReturnType<typeof direct>>;
      if (i % 2 === 0) {
        g = await runGateway();
        d = await direct(query);
      } else {
        d = await direct(query);
        g = await runGateway();
      }
      const fetched = g.body.libraries.reduce((n, l) => n + l.fetched, 0);
      // A library past the deadline (overloaded machine) is reported, and the search left out of the figures.
      if (!g.complete) {
        incomplete++;
        continue;
      }
      if (fetched !== perQuery.get(q)) throw new Error(`gateway fetched ${fetched} records for ${q}, expected ${perQuery.get(q)}`);
      cpuMicros += g.cpu;
      directCpuMicros += d.cpuMicros;
      mainThreadMs += g.mainMs;
      records += fetched;
      gatewayMs.push(g.ms);
      directMs.push(d.ms);
      pairRatios.push(g.ms / d.ms);
    }

    const firstRatios: number[] = [];
    const firstToAny: number[] = [];
    const firstMs: number[] = [];
    for (let i = 0; i < Math.ceil(SEARCHES / 2); i++) {
      const q = QUERIES[i % QUERIES.length] as string;
      const stream = () => firstClusters(`${gw.url}/api/search/stream?${q}`);
      let d: Awaited<ReturnType<typeof direct>>;
      let first: number;
      if (i % 2 === 0) {
        d = await direct(queryOf(q));
        first = await stream();
      } else {
        first = await stream();
        d = await direct(queryOf(q));
      }
      firstMs.push(first);
      firstRatios.push(first / d.fastestWithRecords);
      firstToAny.push(first / d.fastest);
    }

    const p = percentile;
    console.log(`Zebra: fixture catalogue ×${COPIES} (${zebra.recordCounts.marc21} MARC 21, ${zebra.recordCounts.cnmarc} CNMARC records); 8 Z39.50 + 8 SRU libraries, ${RECORDS} records each, cache off; the gateway's node flags: ${describeFlags(gw.nodeFlags)}`);
    console.log(`queries (records per search): ${[...perQuery].map(([q, n]) => `${q} (${n})`).join(', ')} — same library:001 on both sides`);
    console.log(`${SEARCHES} searches after ${WARMUP} warm-up rounds, interleaved${incomplete > 0 ? ` (WARNING: ${incomplete} left out: a library missed the 10 s deadline)` : ''}:`);
    console.log(`  gateway /api/search, first page of 20 (child process)  p50 ${p(gatewayMs, 50).toFixed(1)} ms  p99 ${p(gatewayMs, 99).toFixed(1)} ms`);
    console.log(`  direct parallel client, raw answers only              p50 ${p(directMs, 50).toFixed(1)} ms  p99 ${p(directMs, 99).toFixed(1)} ms`);
    console.log(`  ratio gateway ÷ direct  p50 ${(p(gatewayMs, 50) / p(directMs, 50)).toFixed(2)}  p99 ${(p(gatewayMs, 99) / p(directMs, 99)).toFixed(2)}   (per pair: p50 ${p(pairRatios, 50).toFixed(2)}, p99 ${p(pairRatios, 99).toFixed(2)})   (goal ≤ 1.2 / ≤ 1.5)`);
    console.log(`  gateway CPU per record received: ${(cpuMicros / 1000 / records).toFixed(3)} ms (${records} records; ${(cpuMicros / 1000 / gatewayMs.length).toFixed(1)} ms per search)   (goal ≤ 0.15)`);
    console.log(`    of which the main thread ${(mainThreadMs / records).toFixed(3)} ms per record, V8's compiler/GC threads + libuv ${(cpuMicros / 1000 / records - mainThreadMs / records).toFixed(3)}`);
    console.log(`  informational, the direct client's CPU per record (this process, across the same searches: 16 requests, the project's Z39.50 client up to the records' bytes, undici up to the SRU bodies' text, nothing decoded): ${(directCpuMicros / 1000 / records).toFixed(3)} ms`);
    console.log(`first streamed clusters event ÷ direct fastest library with records (paired, ${firstRatios.length} searches): p50 ${p(firstRatios, 50).toFixed(2)}  p90 ${p(firstRatios, 90).toFixed(2)}  (first event p50 ${p(firstMs, 50).toFixed(1)} ms)   (goal ≤ 1.05)`);
    console.log(`  the same ÷ the fastest answer of any library, an empty one included (nothing to show yet): p50 ${p(firstToAny, 50).toFixed(2)}  p90 ${p(firstToAny, 90).toFixed(2)}`);
  } finally {
    await gateway?.close();
    await Promise.all(targets.map((t) => t.close()));
    await zebra.stop();
    rmSync(catalogueDir, { recursive: true, force: true });
  }
}

async function firstClusters(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await request(url);
  let seen = '';
  let first = NaN;
  for await (const chunk of res.body) {
    if (Number.isNaN(first)) {
      seen += (chunk as Buffer).toString('utf8');
      if (seen.includes('event: clusters')) first = performance.now() - t0;
    }
  }
  return first;
}

await main();
