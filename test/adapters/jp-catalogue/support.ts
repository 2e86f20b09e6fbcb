/** Builds the Japanese-catalogue adapter for tests: parsed settings, a quiet logger, SHL's lending rule. */
import type { Dispatcher } from 'undici';
import type { TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { jpCatalogueAdapter } from '../../../adapters/jp-catalogue/index.ts';
import { jpCatalogueSettingsSchema } from '../../../adapters/jp-catalogue/settings.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import type { SearchResult } from '../../../src/adapter-api/contract.ts';
import { testLibrary } from '../../helpers/libraries.ts';

const SHL_JP = testLibrary('shl-jp', { adapter: 'jp-catalogue', ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'] } });

export function makeAdapter(settings: Record<string, unknown>, dispatcher: Dispatcher): TargetAdapter {
  return jpCatalogueAdapter.create(jpCatalogueSettingsSchema.parse(settings), {
    library: SHL_JP,
    httpDispatcher: () => dispatcher,
    logger: silentLogger(),
    env: {},
  });
}

export const title = (value: string, mode: 'words' | 'phrase' = 'words'): QueryNode => ({ kind: 'term', field: 'title', value, mode });
export const author = (value: string): QueryNode => ({ kind: 'term', field: 'author', value, mode: 'words' });

export function search(adapter: TargetAdapter, query: QueryNode, count = 10, start = 1, signal: AbortSignal = new AbortController().signal): Promise<SearchResult> {
  return adapter.search({ query, start, count, signal });
}

/** The error an adapter call rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the search to fail');
}
