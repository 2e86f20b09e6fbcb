/**
 * `npm run bench:service`: the production build (`node dist/main.js`) against the demo's tsx
 * start (`tsx src/demo/main.ts`) on the same config (4 simulated SRU libraries, no simulate
 * blocks: both load the same file). Prints start-up time to the listening line (ready ÷ ready,
 * runs interleaved) and RSS after 1,000 searches (distinct queries, 8 at a time). Goal:
 * production start ≤ 0.5 of the tsx start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { adapterRegistry } from '../adapters/index.ts';
import { simulatorLaunchers } from '../adapters/simulators.ts';
import { launchSimulators } from '../src/demo/launch.ts';
import { parseDemoConfig } from '../src/demo/simulate-config.ts';
import { buildDist } from '../tools/build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;
const SEARCHES = 1000;

function start(command: string, args: string[]): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Gateway on (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], ms: performance.now() - t0 });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await done;
}

/** RSS of a process and its descendants (tsx's CLI runs the program in a child node process). */
function rssMb(pid: number): number {
  const own = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0') / 1024;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // No children file (older kernels): the process alone.
  }
  return own + children.reduce((sum, child) => sum + rssMb(child), 0);
}

async function searches(url: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < SEARCHES) {
      const i = next++;
      const res = await request(`${url}/api/search?q=${encodeURIComponent(`china ${i}`)}&limit=5`);
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const dist = mkdtempSync(join(tmpdir(), 'bench-service-dist-'));
  await buildDist(dist);
  symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'), 'dir');
  const ids = ['pku', 'thu', 'bnu', 'ruc'];
  const demo = parseDemoConfig(
    { libraries: ids.map((id) => ({ id, name: { zh: id, en: id }, category: '其他类', adapter: 'sru', settings: { url: `http://127.0.0.1:0/${id}`, version: '1.2' }, simulate: { latencyMs: 0, share: 1 } })) },
    'bench',
    adapterRegistry,
  );
  const sims = await launchSimulators(demo, simulatorLaunchers);
  const dir = mkdtempSync(join(tmpdir(), 'bench-service-'));
  const file = join(dir, 'gateway.json');
  writeFileSync(file, JSON.stringify({ gateway: { port: 0, ill: { dataDir: join(dir, 'data') } }, libraries: ids.map((id, i) => ({ id, name: { zh: id, en: id }, category: '其他类', adapter: 'sru', settings: { url: (sims.config.libraries[i]?.settings as { url: string }).url, version: '1.2' } })) }));
  const sides = {
    'node dist/main.js': () => start(process.execPath, [join(dist, 'main.js'), '--config', file, '--port', '0']),
    'tsx src/demo/main.ts': () => start(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/demo/main.ts', '--config', file, '--port', '0']),
  };
  console.log(`start-up: ${RUNS} interleaved runs each (after one warm-up each), spawn → "Gateway on" line; same config, 4 SRU libraries`);
  const times: Record<string, number[]> = { 'node dist/main.js': [], 'tsx src/demo/main.ts': [] };
  for (let run = -1; run < RUNS; run++) {
    for (const [name, launch] of Object.entries(sides)) {
      const { child, ms } = await launch();
      if (run >= 0) times[name]?.push(ms);
      await stop(child);
    }
  }
  const prod = median(times['node dist/main.js'] ?? []);
  const dev = median(times['tsx src/demo/main.ts'] ?? []);
  for (const [name, xs] of Object.entries(times)) console.log(`  ${name.padEnd(22)} median ${median(xs).toFixed(0)} ms  (${xs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  ready ÷ ready: ${(prod / dev).toFixed(2)}  (goal ≤ 0.5)`);
  console.log(`RSS after ${SEARCHES} searches (distinct queries, 8 concurrent):`);
  for (const [name, launch] of Object.entries(sides)) {
    const { child, url } = await launch();
    await searches(url);
    console.log(`  ${name.padEnd(22)} ${rssMb(child.pid ?? 0).toFixed(0)} MB (process tree)`);
    await stop(child);
  }
  await sims.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
