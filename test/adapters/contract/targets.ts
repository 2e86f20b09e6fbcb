/**
 * What the contract suite needs to know about each adapter beyond its registry entry and its
 * simulator launcher: settings for one simulated library, a query with hits and one without,
 * and the shared faults the protocol cannot have (with the reason). Registering a new adapter
 * means adding it here; the suite fails for a registered adapter that is missing.
 */
import type { DemoLibraryConfig } from '../../../src/demo/simulate-config.ts';
import type { QueryNode } from '../../../src/query/model.ts';

/** The one fault vocabulary of the contract. */
export const CONTRACT_FAULTS = ['hang', 'slow', 'refused', 'reset', 'garbage', 'truncated', 'wrong-charset', 'server-error', 'auth-rejected', 'rate-limited'] as const;
export type ContractFault = (typeof CONTRACT_FAULTS)[number];

export interface ContractTarget {
  /** The library as a demo config would give it (settings with port 0: the launcher fills in its simulator). */
  library: Omit<DemoLibraryConfig, 'simulate'> & { simulate: Partial<NonNullable<DemoLibraryConfig['simulate']>> };
  hits: QueryNode;
  /** The simulator's own form of "the server failed" (HTTP 500, an SRU or Bib-1 diagnostic). */
  serverError: NonNullable<DemoLibraryConfig['simulate']>['fault'];
  skip: Partial<Record<ContractFault, string>>;
}

const title = (value: string): QueryNode => ({ kind: 'term', field: 'title', value, mode: 'words' });
export const NO_HITS: QueryNode = title('zqxjv wkpfh');

function library(id: string, adapter: string, settings: Record<string, unknown>, simulate: Record<string, unknown> = {}): ContractTarget['library'] {
  return {
    id, adapter, settings, simulate,
    name: { zh: `${id}图书馆`, en: `${id} library` },
    category: '其他类',
    ill: { statuses: ['available'] },
    service: { status: 'active' },
  } as ContractTarget['library'];
}

const http = { connectMs: 2000, requestMs: 5000 };

export const CONTRACT_TARGETS: Record<string, ContractTarget> = {
  sru: {
    library: library('c-sru', 'sru', { url: 'http://127.0.0.1:0/csru', version: '1.2', recordSchema: 'marcxml', timeouts: http }, { share: 1 }),
    hits: title('Cambridge history of China'),
    serverError: 'http500',
    skip: {},
  },
  z3950: {
    library: library('c-z', 'z3950', { host: '127.0.0.1', port: 0, databases: ['CZ01'], recordSyntax: 'usmarc', format: 'auto', timeouts: { connectMs: 2000, initMs: 3000, searchMs: 5000, presentMs: 5000 } }, { share: 1 }),
    hits: title('Cambridge history of China'),
    serverError: 'diagnostic',
    skip: {
      'wrong-charset': 'Z39.50 records carry no charset label to contradict: the configured record charset decides (a wrong configured charset is the charset tests\' case, src/records/charsets)',
      'rate-limited': 'Z39.50 has no "retry after": a busy target refuses the Init or closes the association, which the auth-rejected and reset cases cover',
    },
  },
  'jp-catalogue': {
    library: library('c-jp', 'jp-catalogue', { url: 'http://127.0.0.1:0/jpcat/', maxRows: 20, timeouts: http }, { catalogue: 'japanese', share: 1, institution: 'SHL' }),
    hits: title('中国の歴史'),
    serverError: 'http500',
    skip: {},
  },
  balis: {
    library: library('c-balis', 'balis', { url: 'http://127.0.0.1:0/union/', select: { all: true }, timeouts: http }),
    hits: title('Cambridge history of China'),
    serverError: 'http500',
    skip: {},
  },
  ipac: {
    library: library('c-ipac', 'ipac', { url: 'http://127.0.0.1:0/ipac20/ipac.jsp', profile: 'sl', charset: 'gbk', timeouts: http, politeness: { requestsPerSecond: 50, burst: 20, concurrency: 4 }, fullRecords: { max: 5, budgetMs: 4000 } }),
    hits: title('The Cambridge History of China'),
    serverError: 'http500',
    skip: {},
  },
};
