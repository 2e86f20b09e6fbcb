/**
 * `npm run bench:scale`: the production gateway (`node dist/main.js`) behind a round-robin proxy,
 * first as 1 instance and then as 3, on one Redis (result sets, limits, health), with the demo's
 * libraries in a process of their own (`npm run demo:libraries`). One run prints:
 *  - throughput and p50/p99 latency for 1 and 3 instances at the same fixed offered load of
 *    distinct searches (open loop: SCALE_RATE searches/s for SCALE_SECONDS), rounds interleaved
 *    1, 3, 1, 3 after a warm-up of each, every instance running throughout (the idle ones idle);
 *  - Redis time on each search's critical path, measured inside the instances on every search
 *    of the rounds (the answer's Server-Timing, gateway.ts StoreWait): the reuse lookup before
 *    the fan-out (local: a round trip only on a hit, to read the set) plus keeping the set after
 *    it (nothing to wait for once the set's claim, sent as the fan-out starts, has landed; how
 *    many searches waited for their claim, and how long); the learned answer times are read in
 *    the background, by no search. Fresh searches and repeats (every SCALE_REPEAT_EVERY-th
 *    request repeats a search answered at least a second before, on whichever instance the
 *    proxy picks: the reuse hit, its read of the set from Redis on the path) apart. The encode
 *    and write after the answer are not on the path and are timed apart;
 *  - the same store's raw figures, timed in process on an idle gateway on the sets the run made:
 *    the reuse lookup (a miss), the claim's round trip (off the path), keeping after the claim
 *    landed, the write after the answer, a read on another instance (a reuse hit's read); this
 *    process's CPU for each, which windows a GC pause overlapped (PerformanceObserver), and
 *    Redis's own time (SLOWLOG);
 *  - memory per kept result set in Redis (MEMORY USAGE of its hash and its share of the record
 *    and set indexes), and of the reuse index each instance holds instead of a Redis key.
 * Searched: the demo's libraries but the iPac (its politeness, 20 requests/s shared by every
 * instance, would be the ceiling, by design) and bift (answers after 10 s, on purpose).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { startDemoLibraries } from '../peers/demo-libraries.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../peers/round-robin-proxy.ts';
import { startRedis } from '../peers/services.ts';
import type { ResultSet } from '../src/resultsets/store.ts';
import { decodeResultSet } from '../src/stores/redis/codec.ts';
import { StoreUnavailableError } from '../src/stores/errors.ts';
import { connectRedis } from '../src/stores/redis/connection.ts';
import { RedisResultSets } from '../src/stores/redis/result-sets.ts';
import { buildDist } from '../tools/build.ts';
import { startBuiltGateway } from './built-gateway.ts';
import { machineLine } from './machine.ts';
import { processCpuMs } from './process-cpu.ts';
import { median, percentile } from './stats.ts';

const RATE = Number(process.env.SCALE_RATE ?? 2);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.SCALE_WARMUP ?? 5);
const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 2);
/** Every n-th request repeats a search answered before (0: none). */
const REPEAT_EVERY = Number(process.env.SCALE_REPEAT_EVERY ?? 5);
const WORDS = ['history', 'China', 'literature', 'economics', 'Cambridge', '中国', '历史', '文学', 'philosophy', 'science'];
const EXCLUDED = new Set(['shl', 'bift']);
const PREFIX = 'gw:';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
async function cleanup(): Promise<void> {
  for (const c of cleanups.reverse()) await c();
}

async function startInstance(configFile: string): Promise<{ url: string; child: ChildProcess }> {
  const started = await startBuiltGateway(join(dir, 'dist'), configFile);
  const { child } = started;
  cleanups.push(() => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))));
  return started;
}

let serial = 0;
function nextQuery(): string {
  serial += 1;
  // Distinct searches (the year range differs), all with hits: each one asks every library.
  return `/api/search?q=${encodeURIComponent(WORDS[serial % WORDS.length] ?? 'history')}&year=${String(1000 + (serial % 900)).padStart(4, '0')}-${2100 + Math.floor(serial / 900)}&limit=20`;
}

interface Round {
  /** Distinct searches: */
  ok: number;
  /** 503 Gateway busy: the instance's admission control shed the search. */
  busy: number;
  failed: number;
  latencies: number[];
  /** Each answered fresh search's wait on the result-set store, from its Server-Timing (gateway.ts StoreWait). */
  storeWaits: StoreWait[];
  /** Repeats of an answered search: */
  repeats: { ok: number; fromCache: number; otherInstance: number; latencies: number[]; hitWaits: StoreWait[] };
  /** CPU of every gateway instance during the round (the idle ones' too), utime + stime. */
  gatewayCpuMs: number;
  /** Completed searches per second, from the first start to the last answer. */
  throughput: number;
}

/** A search's wait on the result-set store, from its Server-Timing (gateway.ts StoreWait). */
interface StoreWait {
  path: number;
  reuse: number;
  reuseLoopBusy: number;
  keep: number;
  claimWait: number;
  breakerRead: number;
}

const TIMINGS = { path: 'rs-path', reuse: 'rs-reuse', reuseLoopBusy: 'rs-reuse-loop-busy', keep: 'rs-keep', claimWait: 'rs-claim-wait', breakerRead: 'health-breaker' } as const;

/** `rs-path;dur=0.05, rs-reuse;dur=0.01, …` → the figures (undefined when one is missing). */
function storeWaitOf(header: string | string[] | undefined): StoreWait | undefined {
  const durations = new Map<string, number>();
  for (const entry of String(header ?? '').split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const dur = params.find((p) => p.trim().startsWith('dur='));
    if (name && dur) durations.set(name, Number(dur.trim().slice(4)));
  }
  const wait: Partial<StoreWait> = {};
  for (const [field, name] of Object.entries(TIMINGS) as [keyof StoreWait, string][]) {
    const value = durations.get(name);
    if (value === undefined) return undefined;
    wait[field] = value;
  }
  return wait as StoreWait;
}

const clients = new Agent({ connections: 256, headersTimeout: 60_000, bodyTimeout: 60_000 });

/** Searches answered fresh, newest last: what a repeat asks again (once the set's write has surely landed). */
const answered: { path: string; at: number; upstream: string }[] = [];

interface Outcome {
  repeat: boolean;
  status: number;
  ms: number;
  fromCache?: boolean;
  otherInstance?: boolean;
  storeWait?: StoreWait | undefined;
}

/**
 * Open loop: one distinct search every 1/RATE s whatever the answers do, and after every
 * REPEAT_EVERY − 1 of them one repeat of a search answered at least a second before; then wait
 * for all of them.
 */
async function offer(proxy: RoundRobinProxy, seconds: number): Promise<Round> {
  const started = performance.now();
  const pending: Promise<Outcome>[] = [];
  const total = Math.round(RATE * seconds);
  const send = (path: string, repeat: boolean, madeOn?: string) => {
    const t0 = performance.now();
    return request(`${proxy.url}${path}`, { dispatcher: clients }).then(
      async (res): Promise<Outcome> => {
        const body = await res.body.text();
        const ms = performance.now() - t0;
        const upstream = String(res.headers['x-upstream'] ?? '');
        const fromCache = res.statusCode === 200 && (JSON.parse(body) as { fromCache?: boolean }).fromCache === true;
        if (res.statusCode === 200 && !fromCache) answered.push({ path, at: performance.now(), upstream });
        return { repeat, status: res.statusCode, ms, fromCache, otherInstance: madeOn !== undefined && upstream !== madeOn, storeWait: res.statusCode === 200 ? storeWaitOf(res.headers['server-timing']) : undefined };
      },
      (): Outcome => ({ repeat, status: 0, ms: performance.now() - t0 }),
    );
  };
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(nextQuery(), false));
    if (REPEAT_EVERY > 1 && i % (REPEAT_EVERY - 1) === REPEAT_EVERY - 2) {
      const before = answered.findLast((a) => a.at < performance.now() - 1000);
      if (before) pending.push(send(before.path, true, before.upstream));
    }
  }
  const outcomes = await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const distinct = outcomes.filter((o) => !o.repeat);
  const ok = distinct.filter((o) => o.status === 200);
  const busy = distinct.filter((o) => o.status === 503).length;
  // A repeat the instance did not answer from the set (it had not heard of it) was a fresh search: its wait counts with theirs.
  const fresh = outcomes.filter((o) => o.status === 200 && !o.fromCache);
  const storeWaits = fresh.flatMap((o) => (o.storeWait ? [o.storeWait] : []));
  const repeats = outcomes.filter((o) => o.repeat && o.status === 200);
  const hits = repeats.filter((o) => o.fromCache);
  return {
    ok: ok.length,
    busy,
    failed: distinct.length - ok.length - busy,
    latencies: ok.map((o) => o.ms),
    storeWaits,
    repeats: { ok: repeats.length, fromCache: hits.length, otherInstance: hits.filter((o) => o.otherInstance).length, latencies: hits.map((o) => o.ms), hitWaits: hits.flatMap((o) => (o.storeWait ? [o.storeWait] : [])) },
    gatewayCpuMs: 0,
    throughput: ok.length / elapsed,
  };
}

try {
  console.log(`bench:scale — ${machineLine()}`);
  const dist = join(dir, 'dist');
  const [redis, libraries] = await Promise.all([startRedis(), startDemoLibraries(), buildDist(dist)]);
  cleanups.push(() => redis.stop(), () => libraries.close());
  symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'), 'dir');
  // A catalogue whose lender is left out (the Japanese catalogue lends as shl) names itself instead.
  const searched = libraries.libraries
    .filter((l) => !EXCLUDED.has(l.id))
    .map((l) => (l.ill?.lenderLibrary && EXCLUDED.has(l.ill.lenderLibrary) ? { ...l, ill: { ...l.ill, lenderLibrary: undefined } } : l));
  const stores = { resultSets: { kind: 'redis', url: redis.url }, limits: { kind: 'redis', url: redis.url }, health: { kind: 'redis', url: redis.url } };
  const configFile = join(dir, 'gateway.json');
  writeFileSync(configFile, JSON.stringify({ gateway: { host: '127.0.0.1', deadlineMs: 8000, cache: { maxResultSets: 5000, ttlSeconds: 600 }, stores, ill: { dataDir: join(dir, 'data') } }, libraries: searched }));
  const instances: { name: string; url: string; child: ChildProcess }[] = [];
  for (const name of ['A', 'B', 'C']) instances.push({ name, ...(await startInstance(configFile)) });
  const instancesCpuMs = () => instances.reduce((n, i) => n + (i.child.pid === undefined ? 0 : processCpuMs(i.child.pid)), 0);
  const one = await startRoundRobinProxy(instances.slice(0, 1).map((i) => ({ name: i.name, url: i.url })), { timeoutMs: 60_000 });
  const three = await startRoundRobinProxy(instances.map((i) => ({ name: i.name, url: i.url })), { timeoutMs: 60_000 });
  cleanups.push(() => one.close(), () => three.close());
  console.log(`${searched.length} demo libraries (not ${[...EXCLUDED].join(', ')}), simulators in their own process; offered load ${RATE} distinct searches/s${REPEAT_EVERY > 1 ? ` plus ${(RATE / (REPEAT_EVERY - 1)).toFixed(2)} repeats/s of a search answered ≥ 1 s before (every ${REPEAT_EVERY}th request)` : ''}, ${SECONDS} s per round, ${ROUNDS} rounds per size, interleaved`);

  for (const [label, proxy] of [['1 instance', one], ['3 instances', three]] as const) {
    const warm = await offer(proxy, WARMUP_SECONDS);
    console.log(`warm-up ${label}: ${warm.ok} ok, ${warm.busy} busy (503), ${warm.failed} failed`);
  }
  const results = new Map<string, Round[]>([['1 instance', []], ['3 instances', []]]);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [label, proxy] of [['1 instance', one], ['3 instances', three]] as const) {
      const cpuBefore = instancesCpuMs();
      const r = await offer(proxy, SECONDS);
      r.gatewayCpuMs = instancesCpuMs() - cpuBefore;
      results.get(label)?.push(r);
      console.log(`  round ${round + 1} ${label}: ${r.throughput.toFixed(2)} searches/s, p50 ${median(r.latencies).toFixed(0)} ms, p99 ${percentile(r.latencies, 99).toFixed(0)} ms, ${r.busy} busy (503), ${r.failed} failed; repeats ${r.repeats.fromCache} of ${r.repeats.ok} from a kept set`);
    }
  }
  console.log('\ndistinct searches (repeats apart, below)');
  console.log('size          offered/s  throughput/s  p50 ms  p99 ms  busy  failed  gateway CPU ms/search (all instances, repeats included)');
  for (const [label, rounds] of results) {
    const latencies = rounds.flatMap((r) => r.latencies);
    const throughput = median(rounds.map((r) => r.throughput));
    console.log(`${label.padEnd(13)} ${String(RATE).padStart(9)}  ${throughput.toFixed(2).padStart(12)}  ${median(latencies).toFixed(0).padStart(6)}  ${percentile(latencies, 99).toFixed(0).padStart(6)}  ${String(rounds.reduce((n, r) => n + r.busy, 0)).padStart(4)}  ${String(rounds.reduce((n, r) => n + r.failed, 0)).padStart(6)}  ${(rounds.reduce((n, r) => n + r.gatewayCpuMs, 0) / Math.max(1, rounds.reduce((n, r) => n + r.ok, 0))).toFixed(1)}`);
  }

  // What a search waited for on the result-set store, measured inside the instances (Server-Timing).
  const fmt = (values: number[]) => `p50 ${median(values).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;
  console.log(`\nRedis time on a search's critical path, measured inside the instances on every search of the rounds above (Server-Timing`);
  console.log(`rs-*, gateway.ts StoreWait): the reuse lookup before the fan-out (a miss: local and synchronous; a hit reads the set)`);
  console.log(`+ the set's claim, sent as the fan-out starts, if it has not landed when the fan-out ends (the set itself is kept after the answer).`);
  console.log(`No search reads the learned answer times (refreshed in the background every gateway.learnedRefreshMs). Apart: the`);
  console.log(`circuit breakers' wait for their state (from memory, announced by Redis pub/sub; a library's first read is a GET), the longest`);
  console.log(`per search: the continuation of each library's read queues behind the other libraries' call starts.`);
  for (const [label, rounds] of results) {
    const waits = rounds.flatMap((r) => r.storeWaits);
    const claimWaits = waits.filter((w) => w.claimWait > 0);
    console.log(`  ${label.padEnd(11)} fresh searches (${waits.length}): on the path ${fmt(waits.map((w) => w.path))}  (goal: p99 < 2 ms); of it waiting for Redis (a claim still travelling) ${fmt(waits.map((w) => w.claimWait))},`);
    console.log(`    the rest the store's synchronous code, where a p99 above µs is the process without a CPU or in GC: the reuse lookup (a miss) ${fmt(waits.map((w) => w.reuse))}`);
    console.log(`    the claim (concurrent with the fan-out): still travelling when the fan-out ended in ${claimWaits.length} of ${waits.length} searches${claimWaits.length > 0 ? `, waited ${fmt(claimWaits.map((w) => w.claimWait))}` : ''}`);
    console.log(`    apart, the breakers' reads of the health store before their library was asked, the longest per search: ${fmt(waits.map((w) => w.breakerRead))}`);
    const repeats = { ok: rounds.reduce((n, r) => n + r.repeats.ok, 0), fromCache: rounds.reduce((n, r) => n + r.repeats.fromCache, 0), otherInstance: rounds.reduce((n, r) => n + r.repeats.otherInstance, 0) };
    const hits = rounds.flatMap((r) => r.repeats.hitWaits);
    if (repeats.ok === 0) continue;
    console.log(`    repeats: ${repeats.fromCache} of ${repeats.ok} answered from the kept set (${repeats.otherInstance} of them by another instance than the one that made it); the others asked the libraries again (counted above)`);
    if (hits.length > 0) {
      console.log(`    reuse hits (${hits.length}): the read of the set on the path ${fmt(hits.map((w) => w.reuse))}, of which the event loop was not idle (its decode, other searches' work, GC) ${fmt(hits.map((w) => w.reuseLoopBusy))}; answered in ${fmt(rounds.flatMap((r) => r.repeats.latencies))}`);
    }
  }

  // The store's raw figures, in this process on an idle gateway, on the sets this run made, as
  // the instances do it: the reuse GET, the claim sent with the search (its round trip timed
  // on its own below), keeping the set once the claim landed, the write after the answer (encode + one
  // pipelined round trip), then a read as another instance does it (nothing cached in process):
  // HMGET + decode, MARC left for whoever reads it.
  const admin = new Redis(redis.url);
  cleanups.push(() => void admin.disconnect());
  const ids: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${PREFIX}rs:*`, 'COUNT', 1000);
    cursor = next;
    ids.push(...keys.map((k) => k.slice(`${PREFIX}rs:`.length)));
  } while (cursor !== '0');
  const sets: ResultSet[] = [];
  for (const id of ids) {
    const [body, marc] = await admin.hmgetBuffer(`${PREFIX}rs:${id}`, 'b', 'm');
    if (!body || !marc) continue;
    const set = decodeResultSet({ body, marc });
    // As the searching instance holds it: every record's MARC already expanded.
    for (const record of set.records) void record.marc;
    sets.push(set);
  }
  const options = { ttlSeconds: 600, maxResultSets: 100_000, maxBytesPerSet: 2_000_000 };
  const writerClient = await connectRedis(redis.url, { field: 'bench' });
  const readerClient = await connectRedis(redis.url, { field: 'bench' });
  cleanups.push(() => void writerClient.disconnect(), () => void readerClient.disconnect());
  // The writer keeps its sets in process, as the instance that made them does; the reader, another instance, does not.
  const writer = new RedisResultSets(writerClient, { ...options, keyPrefix: 'bench:' });
  const reader = new RedisResultSets(readerClient, { ...options, keyPrefix: 'bench:', nearCache: 0 });
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  // GC pauses of this process, to tell which timed windows one fell into.
  const pauses: { start: number; end: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const windows = { read: [] as { start: number; end: number }[] };
  const timing = { miss: [] as number[], keep: [] as number[], keepCpu: [] as number[], write: [] as number[], writeCpu: [] as number[], check: [] as number[], read: [] as number[], readCpu: [] as number[], claim: [] as number[], right: [] as number[], unavailable: 0, rightUnavailable: 0 };
  const passes = [...sets, ...sets];
  for (const [i, kept] of passes.entries()) {
    // A new id for every put, as every search has: a new set is claimed, never overwritten.
    const set = { ...kept, id: randomUUID(), key: `${kept.key}#${i}` };
    if (i === sets.length) {
      // Every command timed by Redis itself from here on (SLOWLOG with a threshold of 0 µs).
      await admin.config('SET', 'slowlog-log-slower-than', '0');
      await admin.config('SET', 'slowlog-max-len', '1000000');
      await admin.slowlog('RESET');
    }
    try {
      // The reuse lookup of a search nobody made yet: local and synchronous (gateway.ts asks findByKey only when this says yes).
      const t0 = performance.now();
      if (writer.mayReuse(set.key)) throw new Error(`search ${set.key} found before it was made`);
      const t1 = performance.now();
      // The search: its claim travels while the libraries answer (a fan-out takes far longer than 5 ms).
      writer.reserve(set.id, 8_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
      let c = process.cpuUsage();
      const t2 = performance.now();
      if (!writer.keepNow(set)) await writer.put(set);
      const t3 = performance.now();
      const keepCpu = cpuMs(c);
      c = process.cpuUsage();
      await writer.flush();
      const t4 = performance.now();
      const writeCpu = cpuMs(c);
      // The same search again on the instance that made it: the set is in process, the hit checks it is still in Redis.
      if ((await writer.findByKey(set.key))?.id !== set.id) throw new Error(`search ${set.key} not reused on its own instance`);
      const t5 = performance.now();
      // On another instance: a reuse hit's read (HMGET + decode).
      c = process.cpuUsage();
      if (!(await reader.get(set.id))) throw new Error(`set ${set.id} not found on the other instance`);
      const t6 = performance.now();
      if (i < sets.length) continue;
      timing.miss.push(t1 - t0);
      timing.keep.push(t3 - t2);
      timing.keepCpu.push(keepCpu);
      timing.write.push(t4 - t3);
      timing.writeCpu.push(writeCpu);
      timing.check.push(t5 - t4);
      windows.read.push({ start: t5, end: t6 });
      timing.read.push(t6 - t5);
      timing.readCpu.push(cpuMs(c));
    } catch (error) {
      // A command past the gateway's own timeout (1 s) on an overloaded machine: counted, as the gateway would answer 503.
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (i >= sets.length) timing.unavailable += 1;
    }
  }
  // Redis's own time for the bench's commands (the idle instances' own commands left out), by what they do.
  const logged = (await admin.slowlog('GET', -1)) as [number, number, number, string[]][];
  await admin.config('SET', 'slowlog-log-slower-than', '10000');
  const redisTime = new Map<string, { calls: number; usec: number }>();
  for (const [, , usec, args] of logged) {
    const command = args[0] ?? '';
    // The scripts' own calls (upper case in our Lua) are logged too; their time is in the script's.
    if (command !== command.toLowerCase() || !args.some((a) => a.startsWith('bench:'))) continue;
    // The bench touches nothing and abandons nothing: a script whose last argument is the set key prefix is a claim, the others the write's commit.
    const what = command === 'evalsha' ? (args.at(-1) === 'bench:rs:' ? 'claim script' : 'commit script') : command === 'hset' ? (args[1]?.startsWith('bench:rr:') ? 'record index hset' : 'set hset') : command;
    const entry = redisTime.get(what) ?? { calls: 0, usec: 0 };
    redisTime.set(what, { calls: entry.calls + 1, usec: entry.usec + usec });
  }
  const redisPerSet = [...redisTime.values()].reduce((n, r) => n + r.usec, 0) / Math.max(1, sets.length);
  // A put without a reservation claims first (rechecked holdings do): the claim's round trip, then another instance reads at once, while the write is under way.
  for (const set of sets) {
    const copy = { ...set, id: randomUUID() };
    const t0 = performance.now();
    try {
      await writer.put(copy);
      timing.claim.push(performance.now() - t0);
      if (!(await reader.get(copy.id))) throw new Error(`set ${copy.id} not found on the other instance`);
      timing.right.push(performance.now() - t0);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      timing.rightUnavailable += 1;
    }
    await writer.flush();
  }
  gcObserver.disconnect();
  const overlap = (w: { start: number; end: number }) => pauses.reduce((n, p) => n + Math.max(0, Math.min(p.end, w.end) - Math.max(p.start, w.start)), 0);
  const paused = windows.read.map(overlap);
  const readWithoutGc = timing.read.filter((_, i) => paused[i] === 0);
  const records = sets.reduce((n, s) => n + s.records.length, 0);
  const clusters = sets.reduce((n, s) => n + s.clusters.length, 0);
  console.log(`\nRedis result-set store, raw, in this process (idle gateways, one op at a time), ${sets.length} sets of this run (${(records / Math.max(1, sets.length)).toFixed(0)} records and ${(clusters / Math.max(1, sets.length)).toFixed(0)} merged works each on average, ${Math.max(...sets.map((s) => s.records.length))} at most); loopback:`);
  console.log(`  a fresh search's path: the reuse lookup (a miss: local) ${fmt(timing.miss)} + keeping the set after the claim landed (keepNow, nothing to wait for) ${fmt(timing.keep)}, CPU ${fmt(timing.keepCpu)}`);
  console.log(`  the claim's round trip (sent with the fan-out, off the search's path; here a put without reservation): ${fmt(timing.claim)}`);
  console.log(`  write after the answer (encode + commit script, which announces the set for reuse, + record index; one round trip): ${fmt(timing.write)}; CPU ${fmt(timing.writeCpu)}`);
  console.log(`  a reuse hit on the instance holding the set in process (HEXISTS: still in Redis?): ${fmt(timing.check)}`);
  console.log(`  a reuse hit on another instance, i.e. its read (HMGET + decode, MARC expanded when read): ${fmt(timing.read)}; CPU ${fmt(timing.readCpu)}; ${paused.filter((p) => p > 0).length} of ${paused.length} overlapped a GC pause of this process (${fmt(paused.filter((p) => p > 0))} of pause in them); the others ${fmt(readWithoutGc)}`);
  console.log(`  put + read at once on another instance (it waits for the write):       ${fmt(timing.right)}`);
  console.log(`  store unavailable (a command past the 1 s timeout): ${timing.unavailable} of ${sets.length} in the reported pass, ${timing.rightUnavailable} of ${sets.length} at once`);
  console.log(`  Redis's own time (SLOWLOG, reported pass): ${[...redisTime].map(([what, r]) => `${what} ${(r.usec / r.calls).toFixed(0)} µs (${r.calls} calls)`).join(', ')}; ${redisPerSet.toFixed(0)} µs per set in all`);

  // Memory: the set's hash, its share of the record index and of the set index.
  let setBytes = 0;
  for (const set of sets) setBytes += Number(await admin.call('MEMORY', 'USAGE', `${PREFIX}rs:${set.id}`, 'SAMPLES', '0')) || 0;
  let indexBytes = Number(await admin.call('MEMORY', 'USAGE', `${PREFIX}idx:`, 'SAMPLES', '0')) || 0;
  const recordIndexes = await admin.keys(`${PREFIX}rr:*`);
  for (const key of recordIndexes) indexBytes += Number(await admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) || 0;
  const keptByRun = await admin.zcard(`${PREFIX}idx:`);
  const perSet = setBytes / Math.max(1, sets.length) + indexBytes / Math.max(1, keptByRun);
  console.log(`\nRedis memory per kept result set (MEMORY USAGE, all samples):`);
  console.log(`  set hash ${(setBytes / sets.length / 1024).toFixed(1)} KiB + record and set indexes ${(indexBytes / Math.max(1, keptByRun) / 1024).toFixed(1)} KiB = ${(perSet / 1024).toFixed(1)} KiB per set`);
  const keyBytes = sets.reduce((n, set) => n + Buffer.byteLength(set.key), 0) / Math.max(1, sets.length);
  console.log(`  the reuse index is in each instance's heap instead (no Redis key): per kept set its search key (${keyBytes.toFixed(0)} B here) and id, at most cache.maxResultSets entries`);
  console.log(`  so 10,000 kept sets take about ${((perSet * 10_000) / 2 ** 20).toFixed(0)} MiB (Redis's own overhead aside)`);
  const info = await admin.info('memory');
  console.log(`  Redis used_memory now: ${(Number(/used_memory:(\d+)/u.exec(info)?.[1]) / 2 ** 20).toFixed(1)} MiB (this run's sets plus the bench's copies)`);
  await writer.close();
  await reader.close();
  console.log(`\nend: ${machineLine()}`);
} finally {
  await clients.close();
  await cleanup();
}
process.exit(0);
