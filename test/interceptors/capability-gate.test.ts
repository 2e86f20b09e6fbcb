/** The capability gate: a search using an index the library lacks is skipped with its reason; unknown capabilities send it. */
import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../../src/adapter-api/capabilities.ts';
import type { SearchRequest, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { capabilityGate } from '../../src/interceptors/capability-gate.ts';
import type { QueryNode } from '../../src/query/model.ts';

function counting(): TargetAdapter & { calls: number } {
  const adapter = {
    calls: 0,
    async search() {
      adapter.calls += 1;
      return { hits: 1, records: [], diagnostics: [] };
    },
    async close() {},
    async probe(): Promise<Capabilities> {
      return { indexes: ['title'], source: 'test', at: '2026-12-05T10:00:00.000Z' };
    },
  };
  return adapter;
}

const request = (query: QueryNode): SearchRequest => ({ query, start: 1, count: 10, signal: new AbortController().signal });
const isbnAndYear: QueryNode = { kind: 'and', left: { kind: 'term', field: 'isbn', value: '0521243327', mode: 'words' }, right: { kind: 'yearRange', from: 1978 } };
const titleOnly: QueryNode = { kind: 'term', field: 'title', value: 'china', mode: 'words' };

describe('capabilityGate', () => {
  it('skips a search whose indexes the library lacks, naming each, without asking it', async () => {
    const inner = counting();
    const gated = capabilityGate(() => ({ indexes: ['title', 'author'], source: 'sru-explain', at: '2026-12-05T10:00:00.000Z' }))(inner);
    const error = await gated.search(request(isbnAndYear)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect(error).toMatchObject({ state: 'skipped', diagnostic: { code: 'unsupported', message: 'unsupported: isbn, year', addinfo: 'capabilities from sru-explain at 2026-12-05T10:00:00.000Z' }, skip: { code: 'unsupported', indexes: ['isbn', 'year'], zh: '不支持的检索项：ISBN、出版年' } });
    expect(inner.calls).toBe(0);
    await expect(gated.search(request(titleOnly))).resolves.toMatchObject({ hits: 1 });
    expect(inner.calls).toBe(1);
  });

  it('sends every search while capabilities are unknown, and passes probe through', async () => {
    const inner = counting();
    const gated = capabilityGate(() => undefined)(inner);
    await gated.search(request(isbnAndYear));
    expect(inner.calls).toBe(1);
    await expect(gated.probe!({ signal: new AbortController().signal })).resolves.toMatchObject({ indexes: ['title'] });
  });
});
