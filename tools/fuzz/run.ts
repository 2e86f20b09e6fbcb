/**
 * `npm run fuzz`: each decoder (targets.ts) for FUZZ_SECONDS (default 120) with fast-check
 * inputs seeded from the fixture folders. Prints per target: inputs, typed errors, unexpected
 * errors, inputs costing over 100 ms of CPU (process.cpuUsage, so a machine shared with other
 * work does not count against the decoder; an input over it runs twice more and its cheapest
 * run counts; the slowest wall time is printed beside) and the peak heap. An unexpected error's input is written
 * to fixtures/fuzz-crashes/ (add it to the target's seeds and fix the decoder).
 * FUZZ_TARGETS=cql,marcxml picks targets; FUZZ_SEED fixes the seed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { fuzzTargets } from './targets.ts';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_TARGETS?.split(',');
const CRASHES = fileURLToPath(new URL('../../fixtures/fuzz-crashes/', import.meta.url));
const SLOW_MS = 100;

/** CPU ms one run costs, whatever it throws. */
function cpuOf(run: () => unknown): number {
  const start = process.cpuUsage();
  try {
    run();
  } catch {
    // Outcomes were counted on the first run.
  }
  const spent = process.cpuUsage(start);
  return (spent.user + spent.system) / 1000;
}

console.log(`fuzz: ${SECONDS} s per target, seed ${SEED}`);
let failed = false;
for (const target of fuzzTargets().filter((t) => !ONLY || ONLY.includes(t.name))) {
  let inputs = 0;
  let typed = 0;
  let unexpected = 0;
  let slow = 0;
  let slowest = 0;
  let slowestWall = 0;
  let peakHeap = 0;
  const started = performance.now();
  let batch = 0;
  while (performance.now() - started < SECONDS * 1000) {
    for (const input of fc.sample(target.input, { numRuns: 200, seed: SEED + batch++ })) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      try {
        target.run(input);
      } catch (error) {
        if (target.typed(error)) typed += 1;
        else {
          unexpected += 1;
          mkdirSync(CRASHES, { recursive: true });
          const name = `${target.name}-${createHash('sha1').update(input).digest('hex').slice(0, 12)}.txt`;
          writeFileSync(`${CRASHES}${name}`, input, 'latin1');
          console.log(`  ${target.name}: unexpected ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 120)}` : String(error)} → fixtures/fuzz-crashes/${name}`);
        }
      }
      const spent = process.cpuUsage(cpu0);
      let cpuMs = (spent.user + spent.system) / 1000;
      if (cpuMs > SLOW_MS) {
        // A garbage collection of the fuzzer's own inputs can land inside one run: an input is
        // slow when it stays slow, so it runs twice more and its cheapest run counts.
        cpuMs = Math.min(cpuMs, cpuOf(() => target.run(input)), cpuOf(() => target.run(input)));
        if (cpuMs > SLOW_MS) {
          slow += 1;
          console.log(`  ${target.name}: ${cpuMs.toFixed(0)} ms CPU (cheapest of 3 runs) on an input of ${input.length} characters`);
        }
      }
      slowest = Math.max(slowest, cpuMs);
      slowestWall = Math.max(slowestWall, performance.now() - t0);
      inputs += 1;
    }
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  if (unexpected > 0 || slow > 0) failed = true;
  console.log(
    `${target.name.padEnd(14)} ${String(inputs).padStart(8)} inputs  ${String(typed).padStart(7)} typed errors  ${unexpected} unexpected  ${slow} over ${SLOW_MS} ms CPU (slowest ${slowest.toFixed(0)} ms CPU, ${slowestWall.toFixed(0)} ms wall)  peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MB`,
  );
}
process.exitCode = failed ? 1 : 0;
