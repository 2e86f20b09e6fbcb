/** An iPac adapter for tests: the Shanghai Library's config (ILL rule of the seed) over any dispatcher. */
import type { Dispatcher } from 'undici';
import { ipacAdapter } from '../../../../adapters/ipac/index.ts';
import type { TargetAdapter } from '../../../../src/adapter-api/contract.ts';
import type { LibraryConfig } from '../../../../src/config/schema.ts';
import { silentLogger } from '../../../../src/logging.ts';
import type { QueryNode } from '../../../../src/query/model.ts';
import { testLibrary } from '../../../helpers/libraries.ts';

function shlLibrary(): LibraryConfig {
  return testLibrary('shl', {
    adapter: 'ipac',
    name: { zh: '上海图书馆', en: 'Shanghai Library' },
    ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] },
  });
}

/** Fast politeness for tests unless a test sets its own. */
export function ipacAdapterFor(url: string, settings: Record<string, unknown>, dispatcher: Dispatcher): TargetAdapter {
  const parsed = ipacAdapter.settingsSchema.parse({ url, politeness: { requestsPerSecond: 100, burst: 20, concurrency: 4 }, ...settings });
  return ipacAdapter.create(parsed, { library: shlLibrary(), httpDispatcher: () => dispatcher, logger: silentLogger(), env: {} });
}

export const title = (value: string): QueryNode => ({ kind: 'term', field: 'title', value, mode: 'words' });
export const author = (value: string): QueryNode => ({ kind: 'term', field: 'author', value, mode: 'words' });

export function search(adapter: TargetAdapter, query: QueryNode, options: { start?: number; count?: number; signal?: AbortSignal } = {}) {
  return adapter.search({ query, start: options.start ?? 1, count: options.count ?? 20, signal: options.signal ?? new AbortController().signal });
}
