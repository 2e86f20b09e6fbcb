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

  it('is not misled by records listed library by library, the first of each the largest', () => {
    // 16 libraries × 10 records: a sample taking every tenth record would see only the large ones.
    const records = Array.from({ length: 160 }, (_, i) => (i % 10 === 0 ? { ...record(i), notes: ['x'.repeat(4000)] } : record(i)));
    const exact = estimateBytes({ records });
    const estimate = estimateSetBytes({ records });
    expect(estimate).toBeGreaterThan(exact * 0.85);
    expect(estimate).toBeLessThan(exact * 1.15);
  });

  it('sizes clusters from a sample, each by its number of records', () => {
    // A few works held everywhere, most by one library: a cluster's size follows its records.
    const records = Array.from({ length: 300 }, (_, i) => record(i));
    const clusters: object[] = [];
    for (let start = 0, n = 0; start < records.length; n++) {
      const size = n % 5 === 0 ? 20 : 1;
      const members = records.slice(start, start + size);
      start += size;
      clusters.push({ id: `c${n}`, members: members.map((r) => ({ recordId: r.id, library: 'l', rule: 'isbn', value: 'x' })), records: members, merged: { title: members[0]?.title, recordIds: members.map((r) => r.id) }, holdings: [{ library: 'l', recordIds: members.map((r) => r.id), holdings: members.flatMap((r) => r.holdings) }] });
    }
    const set = { records, clusters };
    const exact = estimateBytes(set);
    const estimate = estimateSetBytes(set);
    expect(estimate).toBeGreaterThan(exact * 0.9);
    expect(estimate).toBeLessThan(exact * 1.1);
    // The clusters' own share is there: the set without them is smaller by about as much.
    expect(estimate - estimateSetBytes({ records })).toBeGreaterThan((exact - estimateBytes({ records })) * 0.8);
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
