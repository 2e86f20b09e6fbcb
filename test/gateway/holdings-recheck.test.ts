/**
 * Holdings freshness: every copy says when and from where (live, cache, union); a work opened
 * after the holdings TTL is asked again live; a librarian's recheck and the ILL draft's copy
 * recheck replace the kept holdings with the library's answer now.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AdapterRegistry, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { gatewaySchema } from '../../src/config/schema.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import { silentLogger } from '../../src/logging.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { testLibrary } from '../helpers/libraries.ts';

const query: QueryNode = { kind: 'term', field: 'title', value: '万历十五年', mode: 'words' };

function book(library: string, status: string): BibRecord {
  return {
    id: `${library}:1`, library, localId: '1', format: 'marc21', title: '万历十五年', sortTitle: '万历十五年',
    authors: [], series: [], languages: [], languageNames: [], isbns: [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], warnings: [],
    holdings: [{ library, barcode: 'B1', statusText: status, status: status === '归还' ? 'available' : 'on_loan', loanable: true }],
  };
}

describe('holdings freshness', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.close();
  });

  it('stamps asOf and source, re-fetches a work past its TTL, and a librarian recheck sees 归还 → 借出', async () => {
    const circulation = { status: '归还', asked: 0 };
    const adapter: TargetAdapter = {
      search: async (): Promise<SearchResult> => {
        circulation.asked++;
        return { hits: 1, records: [book('pku', circulation.status)], diagnostics: [] };
      },
      close: async () => {},
    };
    const registry: AdapterRegistry = new Map([['fake', { kind: 'fake', settingsSchema: z.object({}).passthrough(), create: () => adapter }]]);
    const libraries = [testLibrary('pku', { interceptors: { cache: { ttlSeconds: 600 } } })];
    gateway = new Gateway({ file: 'test', gateway: gatewaySchema.parse({ holdings: { ttlSeconds: 60 } }), libraries }, { registry, logger: silentLogger() });

    const { resultSet } = await gateway.search(query, libraries, { fresh: true });
    const first = resultSet.clusters[0]!;
    const asOf = first.holdings[0]!.holdings[0]!.asOf!;
    expect(first.holdings[0]!.holdings[0]).toMatchObject({ statusText: '归还', source: 'live' });
    expect(Date.now() - Date.parse(asOf)).toBeLessThan(60_000);
    // The library's kept answer (its cache interceptor) is marked as such, with the time the library said it.
    const again = await gateway.search(query, libraries, { fresh: true });
    expect(again.resultSet.clusters[0]!.holdings[0]!.holdings[0]).toMatchObject({ source: 'cache', asOf });
    expect(circulation.asked).toBe(1);

    // Younger than the TTL: opening the work asks nobody.
    circulation.status = '借出';
    expect(await gateway.recheckCluster(resultSet, first)).toEqual([]);
    // Older (say the set is 2 minutes old): asked again, live, past the library's cache.
    for (const record of first.records) for (const h of record.holdings) h.asOf = new Date(Date.now() - 120_000).toISOString();
    const outcomes = await gateway.recheckCluster(resultSet, first);
    expect(outcomes).toMatchObject([{ library: 'pku', rechecked: ['pku:1'] }]);
    expect(first.holdings[0]!.holdings[0]).toMatchObject({ statusText: '借出', source: 'live' });
    expect(circulation.asked).toBe(2);

    // The ILL copy recheck: the kept set now shows the copy as its library reports it.
    circulation.status = '归还';
    const copy = await gateway.recheckCopy({ recordId: 'pku:1', barcode: 'B1', index: 0 });
    expect(copy?.holding).toMatchObject({ barcode: 'B1', statusText: '归还', source: 'live' });
    expect((await gateway.resultSet(resultSet.id))!.clusters[0]!.holdings[0]!.holdings[0]!.statusText).toBe('归还');
  });
});
