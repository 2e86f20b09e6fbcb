import { describe, expect, it } from 'vitest';
import { estimateBytes, estimateSetBytes } from '../../src/resultsets/estimate-size.ts';

const marc = (n: number) => ({
  leader: '00000nam a2200000 a 4500',
  fields: [{ tag: '001', value: `id${n}` }, ...Array.from({ length: 5 + (n % 7) }, (_, i) => ({ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `title ${n} ${'x'.repeat(i * 10)}` }, { code: 'c', value: 'someone' }] }))],
});
const record = (n: number) => ({ id: `l:${n}`, title: `title ${n}`, authors: [{ name: 'someone', kind: 'personal' }], holdings: [{ library: 'l', callNumber: `K${n}`, status: 'available' }], marc: marc(n) });

describe('estimateBytes', () => {
  it('sums a source MARC record by its fields as the generic walk would', () => {
    const m = marc(3);
    // The same objects under a key of the same length that is not `leader` take the generic walk.
    expect(estimateBytes(m)).toBe(estimateBytes({ leadeR: m.leader, fields: m.fields }));
  });
});

describe('estimateSetBytes', () => {
  it('sizes a large set from a sample of its records, within a fifth of the full walk', () => {
    const records = Array.from({ length: 500 }, (_, i) => record(i));
    const set = { records, clusters: records.map((r) => ({ records: [r], holdings: [{ library: 'l', holdings: r.holdings }] })) };
    const exact = estimateBytes(set);
    const estimate = estimateSetBytes(set);
    expect(estimate).toBeGreaterThan(exact * 0.8);
    expect(estimate).toBeLessThan(exact * 1.2);
  });

  it('walks every record of a small set and counts records and copies shared with clusters once', () => {
    const records = Array.from({ length: 10 }, (_, i) => record(i));
    const alone = estimateSetBytes({ records });
    const set = { records, clusters: [{ records, holdings: [{ library: 'l', holdings: records.flatMap((r) => r.holdings) }] }] };
    const withClusters = estimateSetBytes(set);
    expect(withClusters - alone).toBeLessThan(2_000);
    expect(alone).toBeGreaterThan(records.reduce((n, r) => n + estimateBytes(r), 0));
  });
});
