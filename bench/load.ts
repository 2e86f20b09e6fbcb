/**
 * `npm run bench:load`: the production gateway (`node dist/main.js`, built into a temp dir) on
 * the demo's libraries, which run in a process of their own (`src/demo/libraries.ts`, the same
 * simulators `npm start` embeds), under load over loopback only; stops by itself. RSS is the
 * gateway process's alone, and a stall in the gateway cannot stretch the libraries' answers.
 *
 * 1. idle: RSS after start and a few warm-up searches;
 * 2. burst: first its floor (the same burst against a bare node:http server answering 503 at
 *    once: what 1,000 new connections cost this client on this machine), then LOAD_BURST
 *    (default 1,000) searches at once, distinct queries (no cache hits), each server (and this
 *    client) warmed up first by a burst of LOAD_WARMUP_BURST (200) not counted, while /healthz is
 *    polled every 50 ms from a process of its own (during the floor too), on the health port
 *    (gateway.health: a worker thread, what a load balancer is pointed at) and on the main port. Each answer is either within deadline + 1 s, or an
 *    immediate 503 (< 1 s); anything else is counted as a violation. The servers' CPU (/proc) until
 *    their last 503 went out, gateway and bare server side by side, a figure the machine's load
 *    stretches less than the latencies. RSS peak (VmHWM) printed;
 * 3. sustained: LOAD_RATE searches/min (default 1,000) for LOAD_SECONDS (default 60; the issue's
 *    figure is 600), RSS sampled every 250 ms: peak and the median of the second half;
 * 4. cool-down: the result-set TTL is LOAD_TTL seconds (default 20, set in the bench's copy of
 *    the config), then RSS is sampled until it is within 50 MB of idle or LOAD_COOL seconds pass.
 * Goals (issue 20): RSS ≤ 300 MB peak (burst) and steady (sustained); back within 50 MB of idle;
 * /healthz p99 < 100 ms; 0 violations.
 * The gateway runs with the node flags of deploy/balis-gateway.service (its bounded heap), or
 * LOAD_NODE_FLAGS.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { gatewaySchema } from '../src/config/schema.ts';
import { buildDist } from '../tools/build.ts';
import { deployNodeFlags } from './deploy-flags.ts';
import { startBuiltGateway } from './built-gateway.ts';
import { machineLine } from './machine.ts';
import { processCpuMs, threadCpuMs } from './process-cpu.ts';
import { median, percentile } from './stats.ts';

const BURST = Number(process.env.LOAD_BURST ?? 1000);
/** A smaller burst before each timed one, on both servers (and the client): a running gateway's request path is compiled, not cold. */
const WARMUP_BURST = Number(process.env.LOAD_WARMUP_BURST ?? 200);
const RATE = Number(process.env.LOAD_RATE ?? 1000);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const TTL = Number(process.env.LOAD_TTL ?? 20);
const COOL = Number(process.env.LOAD_COOL ?? 90);
const WORDS = ['history', 'China', 'literature', 'economics', 'Cambridge', '中国', '历史', '文学', 'philosophy', 'science'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
const dist = join(dir, 'dist');
await buildDist(dist);
symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'), 'dir');

// The demo's libraries, in their own process; they write the production config that reaches them.
const librariesFile = join(dir, 'libraries.json');
const libraries = fork(fileURLToPath(new URL('../src/demo/libraries.ts', import.meta.url)), ['--out', librariesFile], { execArgv: process.execArgv, silent: true });
await new Promise<void>((resolve, reject) => {
  libraries.once('message', () => resolve());
  libraries.once('exit', (code) => reject(new Error(`demo libraries exited with ${code}`)));
});
const config = JSON.parse(readFileSync(librariesFile, 'utf8')) as {
  gateway: { deadlineMs: number; listenBacklog?: number; cache: { ttlSeconds: number }; ill?: { dataDir?: string }; z3950?: unknown; health?: { port: number } };
};
// HTTP load only: no Z39.50 front end (the demo's fixed port may be taken on a shared machine).
delete config.gateway.z3950;
// The health port, as production configures it for its load balancer (README, Deploying).
config.gateway.health = { port: 0 };
config.gateway.cache.ttlSeconds = TTL;
if (config.gateway.ill) config.gateway.ill.dataDir = join(dir, 'data');
const configFile = join(dir, 'gateway.json');
writeFileSync(configFile, JSON.stringify(config));
const deadlineMs = config.gateway.deadlineMs;
const listenBacklog = config.gateway.listenBacklog ?? gatewaySchema.shape.listenBacklog.parse(undefined);

// LOAD_PROFILE=DIR: the gateway writes a .cpuprofile there on exit (bench/profile-summary.ts reads it).
// The node flags production runs with (the heap bound), read from the systemd unit; LOAD_NODE_FLAGS overrides them.
const nodeFlags = deployNodeFlags(process.env.LOAD_NODE_FLAGS);
const profile = [...(process.env.LOAD_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.LOAD_PROFILE] : []), ...nodeFlags];
const { url, healthUrl, child } = await startBuiltGateway(dist, configFile, profile, { health: true });

function rss(): { now: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
/** The kernel's count of connections dropped because a listen queue was full (each waits for the client's 1 s SYN retry). */
function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  const at = names?.indexOf('ListenOverflows') ?? -1;
  return at > 0 ? Number(values?.[at]) : NaN;
}
const mb = (n: number) => `${n.toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

const clients = new Agent({ connections: BURST + 50, keepAliveTimeout: 30_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
let serial = 0;
function nextQuery(): string {
  serial += 1;
  // Distinct searches (the year range differs), all with hits: each one asks every library.
  return `/api/search?q=${encodeURIComponent(WORDS[serial % WORDS.length] ?? 'history')}&year=${String(1000 + (serial % 900)).padStart(4, '0')}-${2100 + Math.floor(serial / 900)}`;
}

interface Outcome {
  status: number;
  ms: number;
}
async function search(): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await request(`${url}${nextQuery()}`, { dispatcher: clients });
    await res.body.dump();
    return { status: res.statusCode, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

function judge(outcomes: Outcome[], floorMs?: number): string {
  const served = outcomes.filter((o) => o.status === 200);
  const refused = outcomes.filter((o) => o.status === 503);
  const violations = outcomes.filter((o) => (o.status === 200 ? o.ms > deadlineMs + 1000 : o.status === 503 ? o.ms > 1000 : true));
  const beyondFloor = floorMs === undefined ? undefined : outcomes.filter((o) => (o.status === 200 ? o.ms > deadlineMs + 1000 : o.status === 503 ? o.ms > 1000 + floorMs : true));
  return [
    `${served.length} answered (p50 ${ms(median(served.map((o) => o.ms)))}, p99 ${ms(percentile(served.map((o) => o.ms), 99))}, max ${ms(Math.max(0, ...served.map((o) => o.ms)))})`,
    `${refused.length} refused 503 (p50 ${ms(median(refused.map((o) => o.ms)))}, p99 ${ms(percentile(refused.map((o) => o.ms), 99))})`,
    `${violations.length} violations (other status, answer later than deadline ${deadlineMs} ms + 1 s, or a 503 later than 1 s)`,
    ...(beyondFloor ? [`${beyondFloor.length} beyond the floor (a 503 later than 1 s + the bare server's p99 ${ms(floorMs ?? 0)})`] : []),
  ].join('; ');
}

/**
 * The floor of a burst: the same number of new connections from this client to a bare node:http
 * server that answers 503 at once (bench/bare-http-server.ts), so the client's own work and the
 * machine's connection set-up are told apart from the gateway's. Run once, just before the
 * gateway's burst (a burst is not repeated, so the two are not interleaved round by round).
 */
async function burstFloor(): Promise<{ refusals: number[]; health: number[]; cpu: { main: number; all: number } }> {
  // The gateway's listen backlog (the config's, else its default), so both servers drop SYNs alike.
  const bare = fork(fileURLToPath(new URL('./bare-http-server.ts', import.meta.url)), [String(listenBacklog)], { execArgv: process.execArgv });
  const port = await new Promise<number>((resolve) => bare.once('message', (m) => resolve(m as number)));
  const agent = new Agent({ connections: BURST + 50 });
  const health = await healthProbe(`http://127.0.0.1:${port}/healthz`);
  try {
    const burstOf = (size: number) =>
      Promise.all(
        Array.from({ length: size }, async () => {
          const started = performance.now();
          const res = await request(`http://127.0.0.1:${port}/api/search`, { dispatcher: agent });
          await res.body.dump();
          return performance.now() - started;
        }),
      );
    await burstOf(WARMUP_BURST);
    const cpuBefore = { main: threadCpuMs(bare.pid ?? 0), all: processCpuMs(bare.pid ?? 0) };
    const refusals = await burstOf(BURST);
    const cpu = { main: threadCpuMs(bare.pid ?? 0) - cpuBefore.main, all: processCpuMs(bare.pid ?? 0) - cpuBefore.all };
    return { refusals, health: await health.stop(), cpu };
  } finally {
    await agent.close();
    bare.disconnect();
  }
}

/**
 * /healthz polled every 50 ms by a process of its own (bench/health-prober.ts), as a load
 * balancer polls it: timed in this process, a probe would also wait on the burst client's loop.
 */
async function healthProbe(target: string): Promise<{ stop(): Promise<number[]> }> {
  const prober = fork(fileURLToPath(new URL('./health-prober.ts', import.meta.url)), { execArgv: process.execArgv });
  await new Promise<void>((resolve, reject) => {
    prober.once('spawn', resolve);
    prober.once('error', reject);
  });
  // Booting a prober (tsx, undici) costs a second of CPU: the burst must not share the cores with that.
  const ready = new Promise<void>((resolve) => prober.once('message', () => resolve()));
  prober.send({ url: target, everyMs: 50 });
  await ready;
  return {
    stop: () =>
      new Promise<number[]>((resolve) => {
        prober.once('message', (latencies) => resolve(latencies as number[]));
        prober.send('stop');
      }),
  };
}

try {
  console.log(machineLine());
  console.log(`gateway: node dist/main.js at ${url} (production build, its own process); libraries: the demo's simulators in another process; deadline ${deadlineMs} ms; result-set TTL ${TTL} s (bench copy of config/demo.json); node flags: ${nodeFlags.join(' ') || 'none'}${process.env.LOAD_NODE_FLAGS === undefined ? ' (from deploy/balis-gateway.service)' : ' (LOAD_NODE_FLAGS)'}`);
  for (let i = 0; i < 5; i += 1) await search();
  await new Promise((r) => setTimeout(r, 2000));
  const idle = rss().now;
  console.log(`idle RSS: ${mb(idle)}`);

  let overflowsBefore = listenOverflows();
  const floor = await burstFloor();
  const floorOverflows = listenOverflows() - overflowsBefore;
  const floorP99 = percentile(floor.refusals, 99);
  console.log(`burst floor: a bare node:http server answering 503 at once to ${BURST} new connections from this client: p50 ${ms(median(floor.refusals))}, p99 ${ms(floorP99)}; its /healthz meanwhile p50 ${ms(median(floor.health))}, p99 ${ms(percentile(floor.health, 99))} (${floor.health.length} probes); listen backlog ${listenBacklog} on both servers, connections dropped by a full listen queue: ${floorOverflows}`);

  // The gateway's warm-up burst, as the floor's: distinct searches, then every admitted one answered.
  const warmup = await Promise.all(Array.from({ length: WARMUP_BURST }, () => search()));
  console.log(`warm-up burst of ${WARMUP_BURST} before each timed burst (the bare server's too; not counted): gateway ${warmup.filter((o) => o.status === 200).length} answered, ${warmup.filter((o) => o.status === 503).length} refused`);
  await new Promise((r) => setTimeout(r, 2000));

  // Burst, with /healthz polled alongside on the main port and on the health port.
  const mainHealth = await healthProbe(`${url}/healthz`);
  const portHealth = await healthProbe(`${healthUrl ?? url}/healthz`);
  let burstPeak = 0;
  const sampler = setInterval(() => (burstPeak = Math.max(burstPeak, rss().now)), 100);
  overflowsBefore = listenOverflows();
  // The gateway's CPU until the last refusal went out (sampled every 20 ms): the refusals' share, with whatever the admitted searches did meanwhile.
  const burstStart = performance.now();
  const cpuBefore = { main: threadCpuMs(child.pid ?? 0), all: processCpuMs(child.pid ?? 0), libraries: processCpuMs(libraries.pid ?? 0) };
  const cpuSamples: { at: number; main: number; all: number; libraries: number }[] = [];
  const cpuSampler = setInterval(() => cpuSamples.push({ at: performance.now() - burstStart, main: threadCpuMs(child.pid ?? 0), all: processCpuMs(child.pid ?? 0), libraries: processCpuMs(libraries.pid ?? 0) }), 20);
  const burst = await Promise.all(Array.from({ length: BURST }, () => search()));
  clearInterval(cpuSampler);
  const lastRefusalAt = Math.max(0, ...burst.filter((o) => o.status === 503).map((o) => o.ms));
  const atLastRefusal = cpuSamples.find((sample) => sample.at >= lastRefusalAt) ?? cpuSamples.at(-1) ?? cpuBefore;
  const burstCpu = { main: atLastRefusal.main - cpuBefore.main, all: atLastRefusal.all - cpuBefore.all, libraries: atLastRefusal.libraries - cpuBefore.libraries };
  const burstOverflows = listenOverflows() - overflowsBefore;
  clearInterval(sampler);
  const onMain = await mainHealth.stop();
  const onPort = await portHealth.stop();
  const healthLine = (latencies: number[]) => `p50 ${ms(median(latencies))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))} (${latencies.length} probes)`;
  console.log(`burst of ${BURST}: ${judge(burst, floorP99)}; connections dropped by a full listen queue: ${burstOverflows}`);
  console.log(`burst: CPU of the server until its last 503 went out (${ms(lastRefusalAt)}): gateway main thread ${ms(burstCpu.main)} (whole process ${ms(burstCpu.all)}; the admitted searches' work meanwhile included; the demo libraries' process answering them ${ms(burstCpu.libraries)}) vs the bare server's main thread ${ms(floor.cpu.main)} (whole process ${ms(floor.cpu.all)})`);
  console.log(`burst: /healthz polled every 50 ms, each from a process of its own: on the health port (gateway.health, a worker thread) ${healthLine(onPort)}; on the main port (behind the burst on the main loop) ${healthLine(onMain)}; goal p99 < 100 ms`);
  console.log(`burst: RSS peak ${mb(Math.max(burstPeak, rss().peak))} (VmHWM)`);

  // Sustained rate.
  const samples: number[] = [];
  const sampler2 = setInterval(() => samples.push(rss().now), 250);
  const sustained: Promise<Outcome>[] = [];
  const interval = 60_000 / RATE;
  const started = performance.now();
  for (let i = 0; performance.now() - started < SECONDS * 1000; i += 1) {
    sustained.push(search());
    const due = started + (i + 1) * interval;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  const done = await Promise.all(sustained);
  clearInterval(sampler2);
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  console.log(`sustained ${RATE}/min for ${SECONDS} s (${done.length} searches): ${judge(done)}`);
  console.log(`sustained: RSS peak ${mb(Math.max(...samples))}, steady (median of the second half) ${mb(median(secondHalf))}`);

  // Cool-down: sets expire after TTL; the store purges them on their timers.
  const coolStart = performance.now();
  let last = rss().now;
  while (performance.now() - coolStart < COOL * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    last = rss().now;
    if (performance.now() - coolStart > TTL * 1000 && last - idle <= 50) break;
  }
  console.log(`after load: RSS ${mb(last)} after ${((performance.now() - coolStart) / 1000).toFixed(0)} s (idle ${mb(idle)}, +${mb(last - idle)}; goal ≤ +50 MB)`);
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  libraries.kill('SIGTERM');
  await clients.close();
  rmSync(dir, { recursive: true, force: true });
}
