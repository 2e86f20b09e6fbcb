/**
 * Merge quality on the labelled fixture: pairwise precision and recall against the true
 * duplicate groups (a pair of records is positive when both are in one group).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeAll } from '../../src/merge/merger.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { LABELLED_FILE, labelledFixtureText } from './helpers/write-fixtures.ts';

interface Fixture {
  records: number;
  items: { group: string; family: string; case: string; record: BibRecord }[];
}

const text = readFileSync(LABELLED_FILE, 'utf8');
const fixture = JSON.parse(text) as Fixture;

function pairwise(items: Fixture['items'], clusterOf: Map<string, string>) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  const missed: string[] = [];
  const describe = (x: Fixture['items'][number]) => `${x.record.id} [${x.group}] ${x.record.title}${x.record.partNumber ? ` ${x.record.partNumber}` : ''} ${x.record.year ?? ''}`;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as Fixture['items'][number];
      const b = items[j] as Fixture['items'][number];
      const same = a.group === b.group;
      const merged = clusterOf.get(a.record.id) === clusterOf.get(b.record.id);
      if (same && merged) tp++;
      else if (merged) {
        fp++;
        wrong.push(`${describe(a)}  ⟷  ${describe(b)}`);
      } else if (same) {
        fn++;
        missed.push(`${describe(a)}  ⟷  ${describe(b)}`);
      }
    }
  }
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), wrong, missed };
}

describe('merge quality on fixtures/merge/labelled', () => {
  it('is the output of the committed generator', () => {
    expect(text).toBe(labelledFixtureText());
  });

  it('has at least 500 records from the three cataloguing styles, every near-miss kind and every hard case', () => {
    expect(fixture.items.length).toBeGreaterThanOrEqual(500);
    const cases = new Set(fixture.items.map((i) => i.case));
    for (const c of ['csbn-edition', 'csbn-reprint', 'reprint', 'binding', 'taiwan', 'subtitle', 'volume', 'proceedings', 'serial']) expect(cases).toContain(c);
    expect(new Set(fixture.items.map((i) => i.record.format))).toEqual(new Set(['marc21', 'cnmarc', 'ipac']));
    const groups = new Set(fixture.items.map((i) => i.group));
    for (const g of ['chc-set', 'chc-v7', 'chc-v8', 'wanli-1982', 'wanli-1587', 'clrs-3', 'clrs-3-ebook', 'hlm-yuelu', 'zgts-fu', 'norway-zh']) expect(groups).toContain(g);
  });

  it('reaches pairwise precision ≥ 0.99 and recall ≥ 0.97 (every wrong and missed pair listed when not)', () => {
    const clusters = mergeAll(fixture.items.map((i) => i.record));
    const clusterOf = new Map<string, string>();
    for (const c of clusters) for (const id of c.merged.recordIds) clusterOf.set(id, c.id);
    const m = pairwise(fixture.items, clusterOf);
    const groups = new Set(fixture.items.map((i) => i.group)).size;
    console.log(
      `merge quality: ${fixture.items.length} records, ${groups} true groups, ${clusters.length} clusters; ` +
        `pairs tp=${m.tp} fp=${m.fp} fn=${m.fn}; precision=${m.precision.toFixed(4)} recall=${m.recall.toFixed(4)}`,
    );
    const counts = new Map<string, number>();
    for (const i of fixture.items) counts.set(i.case, (counts.get(i.case) ?? 0) + 1);
    console.log(`records per case: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const report = [`wrong pairs (${m.wrong.length}):`, ...m.wrong, `missed pairs (${m.missed.length}):`, ...m.missed].join('\n');
    expect(m.precision, report).toBeGreaterThanOrEqual(0.99);
    expect(m.recall, report).toBeGreaterThanOrEqual(0.97);
  });

  it('never merges across groups of one near-miss family', () => {
    const clusters = mergeAll(fixture.items.map((i) => i.record));
    const groupOf = new Map(fixture.items.map((i) => [i.record.id, i.group]));
    const mixed = clusters.filter((c) => new Set(c.merged.recordIds.map((id) => groupOf.get(id))).size > 1);
    expect(mixed.map((c) => c.merged.recordIds)).toEqual([]);
  });
});
