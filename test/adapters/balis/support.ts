/** Builds the BALIS adapter for tests: parsed settings, a quiet logger, the union library's config. */
import type { Dispatcher } from 'undici';
import type { SearchResult, TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { balisAdapter } from '../../../adapters/balis/index.ts';
import { balisSettingsSchema } from '../../../adapters/balis/settings.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { testLibrary } from '../../helpers/libraries.ts';

const BALIS = testLibrary('balis-union', { adapter: 'balis' });

export function makeAdapter(settings: Record<string, unknown>, dispatcher: Dispatcher): TargetAdapter {
  return balisAdapter.create(balisSettingsSchema.parse(settings), { library: BALIS, httpDispatcher: () => dispatcher, logger: silentLogger(), env: {} });
}

export const term = (field: 'title' | 'author' | 'publisher' | 'isbn' | 'subject', value: string): QueryNode => ({ kind: 'term', field, value, mode: 'words' });

export function search(adapter: TargetAdapter, query: QueryNode, count = 20, start = 1, signal: AbortSignal = new AbortController().signal): Promise<SearchResult> {
  return adapter.search({ query, start, count, signal });
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the search to fail');
}
