/**
 * `npm run bench:scale`: the production gateway (`node dist/main.js`) behind a round-robin proxy,
 * first as 1 instance and then as 3, on one Redis (result sets, limits, health), with the demo's
 * libraries in a process of their own (`npm run demo:libraries`). One run prints:
 *  - throughput and p50/p99 latency for 1 and 3 instances at the same fixed offered load of
 *    distinct searches (open loop: SCALE_RATE searches/s for SCALE_SECONDS), rounds interleaved
 *    1, 3, 1, 3 after a warm-up of each, every instance running throughout (the idle ones idle);
 *  - the Redis result-set store's latency added per search (the reuse lookup and the put's claim,
 *    what a search waits for), the write after the answer, and a read from another instance
 *    (HMGET + decode), timed in process around the store's calls on the sets the run made, read
 *    back from Redis; this process's CPU for each, and Redis's own time (INFO commandstats);
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
  /** Completed searches per second, from the first start to the last answer. */
  throughput: number;
}

const clients = new Agent({ connections: 256, headersTimeout: 60_000, bodyTimeout: 60_000 });

/** Open loop: one search every 1/RATE s whatever the answers do, then wait for all of them. */
async function offer(proxy: RoundRobinProxy, seconds: number): Promise<Round> {
  const started = performance.now();
  const pending: Promise<{ status: number; ms: number }>[] = [];
  const total = Math.round(RATE * seconds);
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    pending.push(
      request(`${proxy.url}${nextQuery()}`, { dispatcher: clients }).then(
        async (res) => {
          await res.body.text();
          return { status: res.statusCode, ms: performance.now() - t0 };
        },
        () => ({ status: 0, ms: performance.now() - t0 }),
      ),
    );
  }
  const outcomes = await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const ok = outcomes.filter((o) => o.status === 200);
  const busy = outcomes.filter((o) => o.status === 503).length;
  return { ok: ok.length, busy, failed: outcomes.length - ok.length - busy, latencies: ok.map((o) => o.ms), throughput: ok.length / elapsed };
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
  const instances = [];
  for (const name of ['A', 'B', 'C']) instances.push({ name, ...(await startInstance(configFile)) });
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
      const r = await offer(proxy, SECONDS);
      results.get(label)?.push(r);
      console.log(`  round ${round + 1} ${label}: ${r.throughput.toFixed(2)} searches/s, p50 ${median(r.latencies).toFixed(0)} ms, p99 ${percentile(r.latencies, 99).toFixed(0)} ms, ${r.busy} busy (503), ${r.failed} failed`);
    }
  }
  console.log('\nsize          offered/s  throughput/s  p50 ms  p99 ms  busy  failed');
  for (const [label, rounds] of results) {
    const latencies = rounds.flatMap((r) => r.latencies);
    const throughput = median(rounds.map((r) => r.throughput));
    console.log(`${label.padEnd(13)} ${String(RATE).padStart(9)}  ${throughput.toFixed(2).padStart(12)}  ${median(latencies).toFixed(0).padStart(6)}  ${percentile(latencies, 99).toFixed(0).padStart(6)}  ${String(rounds.reduce((n, r) => n + r.busy, 0)).padStart(4)}  ${rounds.reduce((n, r) => n + r.failed, 0)}`);
  }

  // The store's own cost per search, on the sets this run made, as the instances do it: the
  // reuse lookup and the put's claim (what a search waits for), the write after the answer
  // (encode + one pipelined round trip), then a read as another instance does it (nothing
  // cached in process): HMGET + decode, MARC left for whoever reads it.
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
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const timing = { added: [] as number[], addedCpu: [] as number[], write: [] as number[], writeCpu: [] as number[], get: [] as number[], getCpu: [] as number[], right: [] as number[], unavailable: 0, rightUnavailable: 0 };
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
      let c = process.cpuUsage();
      const t0 = performance.now();
      await writer.findByKey(`${set.key}#${i}`);
      await writer.put(set);
      const t1 = performance.now();
      const addedCpu = cpuMs(c);
      c = process.cpuUsage();
      await writer.flush();
      const t2 = performance.now();
      const writeCpu = cpuMs(c);
      c = process.cpuUsage();
      if (!(await reader.get(set.id))) throw new Error(`set ${set.id} not found on the other instance`);
      const t3 = performance.now();
      if (i < sets.length) continue;
      timing.addedCpu.push(addedCpu);
      timing.writeCpu.push(writeCpu);
      timing.getCpu.push(cpuMs(c));
      timing.added.push(t1 - t0);
      timing.write.push(t2 - t1);
      timing.get.push(t3 - t2);
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
    // The bench touches nothing: a two-key script is the write's commit.
    const what = command === 'evalsha' ? ({ '3': 'claim script', '2': 'commit script' }[args[2] ?? ''] ?? 'script') : command === 'hset' ? (args[1]?.startsWith('bench:rr:') ? 'record index hset' : 'set hset') : command;
    const entry = redisTime.get(what) ?? { calls: 0, usec: 0 };
    redisTime.set(what, { calls: entry.calls + 1, usec: entry.usec + usec });
  }
  const redisPerSet = [...redisTime.values()].reduce((n, r) => n + r.usec, 0) / Math.max(1, sets.length);
  // Another instance reading at once, while the write is still under way: it waits for the write.
  for (const set of sets) {
    const copy = { ...set, id: randomUUID() };
    const t0 = performance.now();
    try {
      await writer.put(copy);
      if (!(await reader.get(copy.id))) throw new Error(`set ${copy.id} not found on the other instance`);
      timing.right.push(performance.now() - t0);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      timing.rightUnavailable += 1;
    }
    await writer.flush();
  }
  const fmt = (values: number[]) => `p50 ${median(values).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;
  const records = sets.reduce((n, s) => n + s.records.length, 0);
  const clusters = sets.reduce((n, s) => n + s.clusters.length, 0);
  console.log(`\nRedis result-set store, ${sets.length} sets of this run (${(records / Math.max(1, sets.length)).toFixed(0)} records and ${(clusters / Math.max(1, sets.length)).toFixed(0)} merged works each on average, ${Math.max(...sets.map((s) => s.records.length))} at most); loopback, one process, idle gateways:`);
  console.log(`  added to a search (reuse lookup GET + put's claim script):  ${fmt(timing.added)}   (goal: p99 < 2 ms); this process's CPU ${fmt(timing.addedCpu)}`);
  console.log(`  write after the answer (encode + script + record index, one round trip): ${fmt(timing.write)}; CPU ${fmt(timing.writeCpu)}`);
  console.log(`  read on another instance (HMGET + decode, MARC expanded when read):     ${fmt(timing.get)}; CPU ${fmt(timing.getCpu)}`);
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
  console.log(`\nend: ${machineLine()}`);
} finally {
  await clients.close();
  await cleanup();
}
process.exit(0);
