/**
 * The gateway's progressive updates (what the SSE stream sends): the first library's clusters
 * at once, later answers gathered into one update, and everything sent before the search ends.
 * Ordering only: the gathering interval is an hour, so no update can come from the clock.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AdapterRegistry, SearchResult } from '../../src/adapter-api/contract.ts';
import { gatewaySchema } from '../../src/config/schema.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import { silentLogger } from '../../src/logging.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { testLibrary } from '../helpers/libraries.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '万历十五年', mode: 'words' };

function book(library: string): BibRecord {
  return {
    id: `${library}:1`, library, localId: '1', format: 'marc21', title: '万历十五年', sortTitle: '万历十五年', year: 1982,
    authors: [{ name: '黄仁宇', kind: 'personal' }], series: [], languages: ['chi'], languageNames: ['中文'], isbns: [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], holdings: [], warnings: [],
  };
}

describe('Gateway progressive updates', () => {
  it('sends the first answer at once and gathers the later ones into one update before the search ends', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const registry: AdapterRegistry = new Map([
      ['fake', {
        kind: 'fake',
        settingsSchema: z.object({}).passthrough(),
        create: (_settings, context) => ({
          search: async (): Promise<SearchResult> => {
            if (context.library.id !== 'a') await held;
            return { hits: 1, records: [book(context.library.id)], diagnostics: [] };
          },
          close: async () => {},
        }),
      }],
    ]);
    const libraries = ['a', 'b', 'c'].map((id) => testLibrary(id));
    const gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({}), libraries }, { registry, logger: silentLogger() });
    const updates: { members: string[][]; total: number }[] = [];
    const { resultSet } = await gateway.search(query, libraries, {
      fresh: true,
      updateEveryMs: 3_600_000,
      onClusters: (update) => {
        updates.push({ members: update.changed.map((c) => c.members.map((m) => m.library)), total: update.total });
        release();
      },
    });
    await gateway.close();
    expect(updates).toEqual([
      { members: [['a']], total: 1 },
      { members: [['a', 'b', 'c']], total: 1 },
    ]);
    expect(resultSet.clusters.map((c) => c.members.map((m) => m.library))).toEqual([['a', 'b', 'c']]);
  });
});
