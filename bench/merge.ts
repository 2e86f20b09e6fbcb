/**
 * Merge benchmark: `npm run bench:merge`. Merges 1,000 and 10,000 generated records
 * (corpora/merge/corpus.ts: 1–5 libraries per book, MARC 21 / CNMARC / iPac styles,
 * near-miss siblings) in one run and prints wall time, the 10k/1k ratio (goal ≤ 12,
 * near-linear), and the cost of progressive merging (one `add` + `clusters()` per library
 * answer) against one batch merge.
 */
import { performance } from 'node:perf_hooks';
import { Merger, mergeAll } from '../src/merge/merger.ts';
import type { BibRecord } from '../src/records/model.ts';
import { benchCorpus } from '../corpora/merge/corpus.ts';

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

/** Best of a few runs: the machine has 2 cores and other work on it. */
function best<T>(runs: number, run: () => T): { ms: number; value: T } {
  let result = time(run);
  for (let i = 1; i < runs; i++) {
    const next = time(run);
    if (next.ms < result.ms) result = next;
  }
  return result;
}

function byLibrary(records: readonly BibRecord[]): BibRecord[][] {
  const map = new Map<string, BibRecord[]>();
  for (const r of records) map.set(r.library, [...(map.get(r.library) ?? []), r]);
  return [...map.values()];
}

const sizes = [1_000, 10_000];
const results: { n: number; batch: number; incremental: number; clusters: number; answers: number }[] = [];
for (const n of sizes) {
  const records = benchCorpus(n).map((l) => l.record);
  // Warm-up so the first size does not pay for JIT compilation and lazy tables.
  mergeAll(records.slice(0, 200));
  const batch = best(3, () => mergeAll(records));
  const answers = byLibrary(records);
  const incremental = best(3, () => {
    const merger = new Merger();
    let last = 0;
    for (const answer of answers) {
      merger.add(answer);
      last = merger.clusters().length;
    }
    return last;
  });
  if (incremental.value !== batch.value.length) throw new Error(`incremental gave ${incremental.value} clusters, batch ${batch.value.length}`);
  results.push({ n, batch: batch.ms, incremental: incremental.ms, clusters: batch.value.length, answers: answers.length });
  console.log(
    `merge ${n} records → ${batch.value.length} clusters: batch ${batch.ms.toFixed(1)} ms; ` +
      `incremental (${answers.length} library answers, snapshot after each) ${incremental.ms.toFixed(1)} ms = ${(incremental.ms / batch.ms).toFixed(2)}× batch`,
  );
}
const [small, large] = results as [(typeof results)[number], (typeof results)[number]];
const ratio = large.batch / small.batch;
console.log(`ratio 10k/1k batch: ${ratio.toFixed(2)} (goal ≤ 12, linear = 10)`);
console.log(`ratio 10k/1k incremental: ${(large.incremental / small.incremental).toFixed(2)}`);
if (ratio > 12) process.exitCode = 1;
