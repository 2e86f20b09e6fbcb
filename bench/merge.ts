/**
 * Merge benchmark: `npm run bench:merge`. Merges 1,000 and 10,000 generated records
 * (corpora/merge/corpus.ts: 1–5 libraries per book, MARC 21 / CNMARC / iPac styles,
 * near-miss siblings) in one run and prints wall time, the 10k/1k ratio (goal ≤ 12,
 * near-linear), and the cost of progressive merging (one `add` + `clusters()` per library
 * answer) against one batch merge. Every size is merged in full once, both ways, before any
 * timing (warm JIT); then the sizes and modes alternate for 5 rounds and the median counts.
 */
import { performance } from 'node:perf_hooks';
import { Merger, mergeAll } from '../src/merge/merger.ts';
import type { BibRecord } from '../src/records/model.ts';
import { benchCorpus } from '../corpora/merge/corpus.ts';
import { machineLine } from './machine.ts';

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}


function byLibrary(records: readonly BibRecord[]): BibRecord[][] {
  const map = new Map<string, BibRecord[]>();
  for (const r of records) map.set(r.library, [...(map.get(r.library) ?? []), r]);
  return [...map.values()];
}

const ROUNDS = 5;
const sizes = [1_000, 10_000];
const inputs = sizes.map((n) => {
  const records = benchCorpus(n).map((l) => l.record);
  return { n, records, answers: byLibrary(records) };
});

function incremental(answers: readonly BibRecord[][]): number {
  const merger = new Merger();
  let last = 0;
  for (const answer of answers) {
    merger.add(answer);
    last = merger.clusters().length;
  }
  return last;
}

console.log(`bench:merge — ${machineLine()}`);
console.log('batch: mergeAll(all records); incremental: one Merger.add + clusters() per library answer (what the fan-out does)');
// Warm-up: every size, both modes, in full, so no timed run pays for JIT compilation or lazy tables.
for (const input of inputs) {
  const batch = mergeAll(input.records).length;
  const progressive = incremental(input.answers);
  if (progressive !== batch) throw new Error(`incremental gave ${progressive} clusters, batch ${batch}`);
}
// Rounds alternate the sizes and modes; the median round counts.
const samples = inputs.map(() => ({ batch: [] as number[], incremental: [] as number[], clusters: 0 }));
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, input] of inputs.entries()) {
    const sample = samples[i] as (typeof samples)[number];
    const batch = time(() => mergeAll(input.records));
    const progressive = time(() => incremental(input.answers));
    if (progressive.value !== batch.value.length) throw new Error(`incremental gave ${progressive.value} clusters, batch ${batch.value.length}`);
    sample.batch.push(batch.ms);
    sample.incremental.push(progressive.ms);
    sample.clusters = batch.value.length;
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const results = inputs.map((input, i) => {
  const sample = samples[i] as (typeof samples)[number];
  const batch = median(sample.batch);
  const inc = median(sample.incremental);
  console.log(
    `merge ${input.n} records → ${sample.clusters} clusters: batch ${batch.toFixed(1)} ms (${((batch * 1000) / input.n).toFixed(1)} µs/record); ` +
      `incremental (${input.answers.length} library answers) ${inc.toFixed(1)} ms = ${(inc / batch).toFixed(2)}× batch`,
  );
  return { batch, incremental: inc };
});
const [small, large] = results as [(typeof results)[number], (typeof results)[number]];
const ratio = large.batch / small.batch;
console.log(`ratio 10k/1k batch: ${ratio.toFixed(2)} (goal ≤ 12, linear = 10)`);
console.log(`ratio 10k/1k incremental: ${(large.incremental / small.incremental).toFixed(2)}`);
if (ratio > 12) process.exitCode = 1;
