/**
 * recordBody keeps each served record's encoded bodies on the record (a repeated Present or a set
 * answered from the cache does not encode again), out of sight: the served record's JSON, keys and
 * spread copies are what they were. Records in every syntax: front-end.test.ts and yaz-clients.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mergeAll } from '../../src/merge/merger.ts';
import type { RenderContext } from '../../src/sru/schemas/registry.ts';
import type { ResultSet } from '../../src/resultsets/store.ts';
import { recordsToServe } from '../../src/sru/serve.ts';
import { recordBody } from '../../src/z3950-server/record-syntaxes.ts';
import { bib, holding, rng } from '../../corpora/merge/records.ts';

const marc = { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'r1' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'China :' }, { code: 'b', value: 'a new history' }] }] };
const record = { ...bib({ id: 'pku:r1', library: 'pku', title: 'China', holdings: [holding('pku', rng(3))] }), format: 'marc21' as const, marc };
const context = (): RenderContext => ({ libraries: new Map(), withholdMarc: new Set() });
const served = () => recordsToServe({ clusters: mergeAll([record]) } as unknown as ResultSet)[0]!;

describe('recordBody', () => {
  it('encodes a record once per syntax and element set, and again for another context', () => {
    const item = served();
    const render = context();
    const usmarc = recordBody(item, 'usmarc', 'F', render);
    expect(usmarc.kind).toBe('retrieval');
    expect(recordBody(item, 'usmarc', 'F', render)).toBe(usmarc);
    expect(recordBody(item, 'usmarc', 'B', render)).not.toBe(usmarc);
    expect(recordBody(item, 'xml', 'F', render)).toBe(recordBody(item, 'xml', 'F', render));
    const other = recordBody(item, 'usmarc', 'F', context());
    expect(other).not.toBe(usmarc);
    expect(other).toEqual(usmarc);
  });

  it('leaves the served record as it was: same JSON, keys and spread copy', () => {
    const item = served();
    const before = { json: JSON.stringify(item), keys: Object.keys(item), symbols: Object.getOwnPropertySymbols(item).length };
    recordBody(item, 'usmarc', 'F', context());
    recordBody(item, 'opac', 'F', context());
    expect(JSON.stringify(item)).toBe(before.json);
    expect(Object.keys(item)).toEqual(before.keys);
    expect(Object.getOwnPropertySymbols({ ...item })).toHaveLength(before.symbols);
    expect({ ...item }).toEqual(served());
  });
});
