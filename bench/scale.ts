/**
 * `npm run bench:scale`: the production gateway (`node dist/main.js`) behind a round-robin proxy,
 * first as 1 instance and then as 3, on one Redis (result sets, limits, health), with the demo's
 * libraries in a process of their own (`npm run demo:libraries`). One run prints:
 *  - throughput and p50/p99 latency for 1 and 3 instances at the same fixed offered load of
 *    distinct searches (open loop: SCALE_RATE searches/s for SCALE_SECONDS), rounds interleaved
 *    1, 3, 1, 3 after a warm-up of each, every instance running throughout (the idle ones idle);
 *  - the Redis result-set store's latency added per search: what a search waits for on it, on
 *    its own critical path, measured inside the instances on every fresh search of the rounds
 *    (the answer's Server-Timing, gateway.ts StoreWait): the reuse GET before the fan-out beyond
 *    the read sent with it that the search waits for anyway, plus keeping the set after it, which
 *    waits only for whatever of the set's claim (sent with the fan-out) is still outstanding;
 *    the encode and write after the answer are not on the path and are timed apart; with the
 *    raw GET window, how much of it the instance's event loop was busy, and the read alongside;
 *  - the same store's raw figures, timed in process on an idle gateway on the sets the run made:
 *    the GET, the claim's round trip (now off the path), keeping after the claim landed, the path
 *    before (GET, then the claim awaited after the search) interleaved set by set, the write
 *    after the answer, a read on another instance; this process's CPU for each, which windows a
 *    GC pause overlapped (PerformanceObserver), and Redis's own time (SLOWLOG);
 *  - memory per kept result set in Redis (MEMORY USAGE of its hash, reuse key and its share of
 *    the record and set indexes).
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
  ok: number;
  /** 503 Gateway busy: the instance's admission control shed the search. */
  busy: number;
  failed: number;
  latencies: number[];
  /** Each answered search's wait on the result-set store, from its Server-Timing (gateway.ts StoreWait). */
  storeWaits: StoreWait[];
  /** CPU of every gateway instance during the round (the idle ones' too), utime + stime. */
  gatewayCpuMs: number;
  /** Completed searches per second, from the first start to the last answer. */
  throughput: number;
}

/** A search's wait on the result-set store, from its Server-Timing (gateway.ts StoreWait). */
interface StoreWait {
  added: number;
  reuse: number;
  reuseLoopBusy: number;
  alongside: number;
  keep: number;
}

const TIMINGS = { added: 'rs-added', reuse: 'rs-reuse', reuseLoopBusy: 'rs-reuse-loop-busy', alongside: 'latencies-alongside', keep: 'rs-keep' } as const;

/** `rs-added;dur=0.05, rs-reuse;dur=0.41, …` → the figures (undefined when one is missing). */
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

/** Open loop: one search every 1/RATE s whatever the answers do, then wait for all of them. */
async function offer(proxy: RoundRobinProxy, seconds: number): Promise<Round> {
  const started = performance.now();
  const pending: Promise<{ status: number; ms: number; storeWait?: StoreWait | undefined }>[] = [];
  const total = Math.round(RATE * seconds);
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    pending.push(
      request(`${proxy.url}${nextQuery()}`, { dispatcher: clients }).then(
        async (res) => {
          const body = await res.body.text();
          const fresh = res.statusCode === 200 && !(JSON.parse(body) as { fromCache?: boolean }).fromCache;
          return { status: res.statusCode, ms: performance.now() - t0, storeWait: fresh ? storeWaitOf(res.headers['server-timing']) : undefined };
        },
        () => ({ status: 0, ms: performance.now() - t0 }),
      ),
    );
  }
  const outcomes = await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const ok = outcomes.filter((o) => o.status === 200);
  const busy = outcomes.filter((o) => o.status === 503).length;
  const storeWaits = ok.flatMap((o) => (o.storeWait ? [o.storeWait] : []));
  return { ok: ok.length, busy, failed: outcomes.length - ok.length - busy, latencies: ok.map((o) => o.ms), storeWaits, gatewayCpuMs: 0, throughput: ok.length / elapsed };
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
  console.log(`${searched.length} demo libraries (not ${[...EXCLUDED].join(', ')}), simulators in their own process; offered load ${RATE} distinct searches/s, ${SECONDS} s per round, ${ROUNDS} rounds per size, interleaved`);

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
      console.log(`  round ${round + 1} ${label}: ${r.throughput.toFixed(2)} searches/s, p50 ${median(r.latencies).toFixed(0)} ms, p99 ${percentile(r.latencies, 99).toFixed(0)} ms, ${r.busy} busy (503), ${r.failed} failed`);
    }
  }
  console.log('\nsize          offered/s  throughput/s  p50 ms  p99 ms  busy  failed  gateway CPU ms/search (all instances)');
  for (const [label, rounds] of results) {
    const latencies = rounds.flatMap((r) => r.latencies);
    const throughput = median(rounds.map((r) => r.throughput));
    console.log(`${label.padEnd(13)} ${String(RATE).padStart(9)}  ${throughput.toFixed(2).padStart(12)}  ${median(latencies).toFixed(0).padStart(6)}  ${percentile(latencies, 99).toFixed(0).padStart(6)}  ${String(rounds.reduce((n, r) => n + r.busy, 0)).padStart(4)}  ${String(rounds.reduce((n, r) => n + r.failed, 0)).padStart(6)}  ${(rounds.reduce((n, r) => n + r.gatewayCpuMs, 0) / Math.max(1, rounds.reduce((n, r) => n + r.ok, 0))).toFixed(1)}`);
  }

  // What a search waited for on the result-set store, measured inside the instances (Server-Timing).
  const fmt = (values: number[]) => `p50 ${median(values).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;
  console.log(`\nRedis result-set store, latency added per search, measured inside the instances on every fresh search of the rounds above`);
  console.log(`(Server-Timing rs-*; gateway.ts StoreWait). A search's critical path through the store: the reuse GET before the fan-out,`);
  console.log(`sent first and the read of the libraries' learned answer times right behind it (health store; the fan-out needs it, so the`);
  console.log(`search waits for it anyway), then keeping the set after the fan-out, which waits only for what is still outstanding of the`);
  console.log(`set's claim (one Lua call sent as the fan-out starts; once it has landed, nothing); the encode and write after the answer are`);
  console.log(`off the path. Added = the GET's time beyond the read alongside it + keeping. Raw: the GET's whole window, of it the time`);
  console.log(`the instance's event loop was not idle (other searches' work, GC, or no CPU for the process), and the read alongside.`);
  for (const [label, rounds] of results) {
    const waits = rounds.flatMap((r) => r.storeWaits);
    console.log(`  ${label.padEnd(11)} (${waits.length} searches): added ${fmt(waits.map((w) => w.added))}  (goal: p99 < 2 ms)`);
    console.log(`    reuse GET ${fmt(waits.map((w) => w.reuse))}, of which the loop was not idle ${fmt(waits.map((w) => w.reuseLoopBusy))}, idle (waiting for Redis) ${fmt(waits.map((w) => Math.max(0, w.reuse - w.reuseLoopBusy)))};`);
    console.log(`    the read alongside ${fmt(waits.map((w) => w.alongside))}; GET beyond it ${fmt(waits.map((w) => Math.max(0, w.reuse - w.alongside)))}; keeping the set after the fan-out ${fmt(waits.map((w) => w.keep))}`);
    console.log(`    all Redis on the search's path, both stores (GET and read together, then keeping): ${fmt(waits.map((w) => Math.max(w.reuse, w.alongside) + w.keep))}`);
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
  const options = { ttlSeconds: 600, maxResultSets: 100_000, maxBytesPerSet: 2_000_000, nearCache: 0 };
  const writerClient = await connectRedis(redis.url, { field: 'bench' });
  const readerClient = await connectRedis(redis.url, { field: 'bench' });
  cleanups.push(() => void writerClient.disconnect(), () => void readerClient.disconnect());
  const writer = new RedisResultSets(writerClient, { ...options, keyPrefix: 'bench:' });
  const reader = new RedisResultSets(readerClient, { ...options, keyPrefix: 'bench:' });
  // Its own keys, so Redis's time below (SLOWLOG, bench: keys) is the path now's alone.
  const previousClient = await connectRedis(redis.url, { field: 'bench' });
  cleanups.push(() => void previousClient.disconnect());
  const previous = new RedisResultSets(previousClient, { ...options, keyPrefix: 'bench-before:' });
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
  const windows = { get: [] as { start: number; end: number }[] };
  const timing = { before: [] as number[], get: [] as number[], getCpu: [] as number[], keep: [] as number[], keepCpu: [] as number[], write: [] as number[], writeCpu: [] as number[], read: [] as number[], readCpu: [] as number[], claim: [] as number[], right: [] as number[], unavailable: 0, rightUnavailable: 0 };
  const passes = [...sets, ...sets];
  for (const [i, kept] of passes.entries()) {
    // A new id for every put, as every search has: a new set is claimed, never overwritten.
    const set = { ...kept, id: randomUUID() };
    if (i === sets.length) {
      // Every command timed by Redis itself from here on (SLOWLOG with a threshold of 0 µs).
      await admin.config('SET', 'slowlog-log-slower-than', '0');
      await admin.config('SET', 'slowlog-max-len', '1000000');
      await admin.slowlog('RESET');
    }
    try {
      // The path before the claim went with the fan-out, interleaved with the one now (first on every other set): GET, then a claim awaited after the search.
      const before = async () => {
        const copy = { ...kept, id: randomUUID() };
        const started = performance.now();
        await previous.findByKey(`${copy.key}#${i}`);
        await previous.put(copy);
        const ms = performance.now() - started;
        await previous.flush();
        return ms;
      };
      const beforeFirst = i % 2 === 1 ? await before() : undefined;
      let c = process.cpuUsage();
      const t0 = performance.now();
      await writer.findByKey(`${set.key}#${i}`);
      const t1 = performance.now();
      const getCpu = cpuMs(c);
      // The search: its claim travels while the libraries answer (a fan-out takes far longer than 5 ms).
      writer.reserve(set.id, 8_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
      c = process.cpuUsage();
      const t2 = performance.now();
      if (!writer.keepNow(set)) await writer.put(set);
      const t3 = performance.now();
      const keepCpu = cpuMs(c);
      c = process.cpuUsage();
      await writer.flush();
      const t4 = performance.now();
      const writeCpu = cpuMs(c);
      c = process.cpuUsage();
      if (!(await reader.get(set.id))) throw new Error(`set ${set.id} not found on the other instance`);
      const t5 = performance.now();
      const beforeMs = beforeFirst ?? (await before());
      if (i < sets.length) continue;
      timing.before.push(beforeMs);
      windows.get.push({ start: t0, end: t1 });
      timing.get.push(t1 - t0);
      timing.getCpu.push(getCpu);
      timing.keep.push(t3 - t2);
      timing.keepCpu.push(keepCpu);
      timing.write.push(t4 - t3);
      timing.writeCpu.push(writeCpu);
      timing.read.push(t5 - t4);
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
    // The bench touches nothing and abandons nothing: a two-key script is a claim, a three-key one the write's commit.
    const what = command === 'evalsha' ? ({ '2': 'claim script', '3': 'commit script' }[args[2] ?? ''] ?? 'script') : command === 'hset' ? (args[1]?.startsWith('bench:rr:') ? 'record index hset' : 'set hset') : command;
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
  const paused = windows.get.map(overlap);
  const getWithoutGc = timing.get.filter((_, i) => paused[i] === 0);
  const records = sets.reduce((n, s) => n + s.records.length, 0);
  const clusters = sets.reduce((n, s) => n + s.clusters.length, 0);
  console.log(`\nRedis result-set store, raw, in this process (idle gateways, one op at a time), ${sets.length} sets of this run (${(records / Math.max(1, sets.length)).toFixed(0)} records and ${(clusters / Math.max(1, sets.length)).toFixed(0)} merged works each on average, ${Math.max(...sets.map((s) => s.records.length))} at most); loopback:`);
  console.log(`  the store's calls on a search's path, alone (reuse GET + keeping after the claim landed; no read alongside): ${fmt(timing.get.map((g, i) => g + (timing.keep[i] ?? 0)))}; CPU ${fmt(timing.getCpu.map((g, i) => g + (timing.keepCpu[i] ?? 0)))}`);
  console.log(`  the same before (GET, then the claim's round trip awaited after the search), interleaved set by set: ${fmt(timing.before)}`);
  console.log(`  reuse GET ${fmt(timing.get)}, CPU ${fmt(timing.getCpu)}; ${paused.filter((p) => p > 0).length} of ${paused.length} GETs overlapped a GC pause of this process (${fmt(paused.filter((p) => p > 0))} of pause in them); the others ${fmt(getWithoutGc)}`);
  console.log(`  keeping the set after the claim landed (keepNow, nothing to wait for): ${fmt(timing.keep)}, CPU ${fmt(timing.keepCpu)}`);
  console.log(`  the claim's round trip (sent with the fan-out, off the search's path; here a put without reservation): ${fmt(timing.claim)}`);
  console.log(`  write after the answer (encode + commit script + reuse key + record index, one round trip): ${fmt(timing.write)}; CPU ${fmt(timing.writeCpu)}`);
  console.log(`  read on another instance (HMGET + decode, MARC expanded when read):     ${fmt(timing.read)}; CPU ${fmt(timing.readCpu)}`);
  console.log(`  put + read at once on another instance (it waits for the write):       ${fmt(timing.right)}`);
  console.log(`  store unavailable (a command past the 1 s timeout): ${timing.unavailable} of ${sets.length} in the reported pass, ${timing.rightUnavailable} of ${sets.length} at once`);
  console.log(`  Redis's own time (SLOWLOG, reported pass): ${[...redisTime].map(([what, r]) => `${what} ${(r.usec / r.calls).toFixed(0)} µs (${r.calls} calls)`).join(', ')}; ${redisPerSet.toFixed(0)} µs per set in all`);

  // Memory: the set's hash, its reuse key, its share of the record index and of the set index.
  let setBytes = 0;
  let reuseBytes = 0;
  for (const set of sets) {
    setBytes += Number(await admin.call('MEMORY', 'USAGE', `${PREFIX}rs:${set.id}`, 'SAMPLES', '0')) || 0;
    reuseBytes += Number(await admin.call('MEMORY', 'USAGE', `${PREFIX}rk:${set.key}`)) || 0;
  }
  let indexBytes = Number(await admin.call('MEMORY', 'USAGE', `${PREFIX}idx:`, 'SAMPLES', '0')) || 0;
  const recordIndexes = await admin.keys(`${PREFIX}rr:*`);
  for (const key of recordIndexes) indexBytes += Number(await admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) || 0;
  const keptByRun = await admin.zcard(`${PREFIX}idx:`);
  const perSet = (setBytes + reuseBytes) / Math.max(1, sets.length) + indexBytes / Math.max(1, keptByRun);
  console.log(`\nRedis memory per kept result set (MEMORY USAGE, all samples):`);
  console.log(`  set hash ${(setBytes / sets.length / 1024).toFixed(1)} KiB + reuse key ${(reuseBytes / sets.length).toFixed(0)} B + record and set indexes ${(indexBytes / Math.max(1, keptByRun) / 1024).toFixed(1)} KiB = ${(perSet / 1024).toFixed(1)} KiB per set`);
  console.log(`  so 10,000 kept sets take about ${((perSet * 10_000) / 2 ** 20).toFixed(0)} MiB (Redis's own overhead aside)`);
  const info = await admin.info('memory');
  console.log(`  Redis used_memory now: ${(Number(/used_memory:(\d+)/u.exec(info)?.[1]) / 2 ** 20).toFixed(1)} MiB (this run's sets plus the bench's copies)`);
  await writer.close();
  await reader.close();
  await previous.close();
  console.log(`\nend: ${machineLine()}`);
} finally {
  await clients.close();
  await cleanup();
}
process.exit(0);
