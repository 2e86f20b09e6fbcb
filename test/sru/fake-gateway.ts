/**
 * A deterministic stand-in for the Gateway behind the SRU router: fixed records, chosen
 * library failures, a real ResultSetStore. Lets the HTTP tests reach every diagnostic
 * (all libraries down, records without MARC, a record that cannot be serialized) exactly.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { gatewaySchema, type GatewayConfig, type LibraryConfig } from '../../src/config/schema.ts';
import type { LibraryStatus } from '../../src/fanout/status.ts';
import type { Gateway, SearchOptions, SearchOutcome } from '../../src/gateway/gateway.ts';
import type { Logger } from '../../src/logging.ts';
import type { Holding } from '../../src/holdings/model.ts';
import { queryKey, terms, type QueryNode } from '../../src/query/model.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { ResultSetStore } from '../../src/resultsets/store.ts';
import { sruRouter } from '../../src/sru/router.ts';
import { testLibrary } from '../helpers/libraries.ts';
import { mergeAll } from '../../src/merge/merger.ts';
import { rankClusters } from '../../src/merge/rank.ts';
import { toIsbn13 } from '../../src/identifiers/isbn.ts';

export function holding(library: string, status: Holding['status'], statusText: string, eligible: boolean): Holding {
  return {
    library,
    branch: '总馆',
    location: '外文书库',
    callNumber: 'K20/1',
    barcode: `${library}-0001`,
    statusText,
    status,
    loanable: true,
    ill: eligible ? { eligible: true, reasons: [] } : { eligible: false, reasons: [{ code: status, zh: `状态为"${statusText}"`, en: status }] },
  };
}

export function marc(id: string, title: string): MarcRecord {
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: id },
      { tag: '245', ind1: '0', ind2: '0', subfields: [{ code: 'a', value: title }] },
      { tag: '852', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'old' }] },
      { tag: '900', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'local' }] },
    ],
  };
}

/** One ISBN per title, so the same title at two libraries merges and different titles do not. */
function isbnForTitle(title: string): { original: string; isbn13: string; valid: boolean } {
  let hash = 7;
  for (const ch of title) hash = (hash * 31 + ch.codePointAt(0)!) % 1_000_000_000;
  const isbn13 = toIsbn13(`${String(hash).padStart(9, '0')}0`)!;
  return { original: isbn13, isbn13, valid: true };
}

export function bib(library: string, localId: string, title: string, extra: Partial<BibRecord> = {}): BibRecord {
  const id = `${library}:${localId}`;
  return {
    id,
    library,
    localId,
    format: 'marc21',
    title,
    sortTitle: title,
    authors: [{ name: 'Fairbank, John King', kind: 'personal' }],
    series: [],
    languages: ['eng'],
    languageNames: ['英文'],
    isbns: [isbnForTitle(title)],
    issns: [],
    otherIds: [],
    materialType: '图书',
    subjects: ['China -- History'],
    classifications: [],
    notes: [],
    contents: [],
    links: [],
    holdings: [holding(library, 'available', '在架', true)],
    warnings: [],
    marc: marc(localId, title),
    year: 1978,
    ...extra,
  };
}

export interface FakeOptions {
  libraries: LibraryConfig[];
  records: BibRecord[];
  /** Library id → failure state. */
  failing?: Record<string, 'error' | 'timeout'>;
  sru?: Record<string, unknown>;
  /** Makes search() throw (diagnostic 1). */
  explode?: boolean;
  /** Makes the bookkeeping search() hands to `defer` throw (after the answer). */
  failDeferred?: boolean;
  /** The router's logger. */
  logger?: Logger;
}

export class FakeGateway {
  readonly config: GatewayConfig;
  readonly searches: QueryNode[] = [];
  /** What the fake's searches handed to `defer` (as the gateway hands its keeping and log line), and what of it ran. */
  readonly deferred = { handed: 0, ran: 0 };
  private readonly store = new ResultSetStore({ max: 50, ttlSeconds: 600 });

  constructor(private readonly options: FakeOptions) {
    this.config = { file: 'test', gateway: gatewaySchema.parse({ ...(options.sru ? { sru: options.sru } : {}) }), libraries: options.libraries };
  }

  get libraries(): LibraryConfig[] {
    return this.options.libraries;
  }

  async resultSet(id: string) {
    return this.store.get(id);
  }

  async search(query: QueryNode, libraries: readonly LibraryConfig[], options: SearchOptions = {}): Promise<SearchOutcome> {
    if (this.options.explode) throw new Error('boom');
    this.searches.push(query);
    if (options.defer) {
      this.deferred.handed += 1;
      options.defer(() => {
        this.deferred.ran += 1;
        if (this.options.failDeferred) throw new Error('keeping the set failed');
      });
    }
    const words = terms(query).map((t) => t.value.toLowerCase());
    const ids = libraries.map((l) => l.id);
    const failing = this.options.failing ?? {};
    const records = this.options.records.filter(
      (r) => ids.includes(r.library) && failing[r.library] === undefined && words.every((w) => r.title.toLowerCase().includes(w)),
    );
    const statuses: LibraryStatus[] = ids.map((library) => {
      const state = failing[library];
      const count = records.filter((r) => r.library === library).length;
      if (state === undefined) return { library, state: 'ok', hits: count, fetched: count, elapsedMs: 5, warnings: [] };
      const diagnostic =
        state === 'timeout'
          ? { source: 'gateway' as const, code: 'timeout', message: 'no answer within 400 ms', library }
          : { source: 'srw' as const, code: '2', uri: 'info:srw/diagnostic/1/2', message: 'System temporarily unavailable', library };
      return { library, state, hits: 0, fetched: 0, elapsedMs: 400, warnings: [], diagnostic };
    });
    const resultSet = this.store.add({ key: ResultSetStore.key(queryKey(query), ids), query, libraries: ids, elapsedMs: 5, statuses, records, clusters: rankClusters(mergeAll(records), query) });
    return { resultSet, fromCache: false, storeWait: { pathMs: 0, reuseMs: 0, reuseLoopBusyMs: 0, keepMs: 0, claimWaitMs: 0, breakerReadMs: 0 } };
  }
}

export async function startFakeSru(options: FakeOptions): Promise<{ url: string; fake: FakeGateway; close: () => Promise<void> }> {
  const fake = new FakeGateway(options);
  const app = express();
  app.use('/sru', sruRouter(fake as unknown as Gateway, options.logger ? { logger: options.logger } : {}));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sru`,
    fake,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { testLibrary };
