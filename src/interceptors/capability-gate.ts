/**
 * Skips a library whose known capabilities lack an index the search uses: its status is
 * `skipped` with "unsupported: isbn", never a silent 0 and never a search sent only to come
 * back as Bib-1 114 / SRU 16. Unknown capabilities (not probed yet, probe failed) mean "send
 * it": discovery only ever saves a request, it never hides a library that might answer.
 * Outermost in the chain: a skip here costs no time budget and says nothing to the breaker.
 */
import type { Capabilities } from '../adapter-api/capabilities.ts';
import { TargetError, gatewayDiagnostic, type SkipNotice } from '../diagnostics.ts';
import { indexesUsed, type SearchField } from '../query/model.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

const FIELD_ZH: Record<SearchField, string> = { title: '题名', author: '责任者', publisher: '出版者', isbn: 'ISBN', issn: 'ISSN', subject: '主题', keyword: '任意词', year: '出版年' };

function unsupportedNotice(indexes: readonly SearchField[]): Extract<SkipNotice, { code: 'unsupported' }> {
  return { code: 'unsupported', indexes: [...indexes], en: `unsupported: ${indexes.join(', ')}`, zh: `不支持的检索项：${indexes.map((i) => FIELD_ZH[i]).join('、')}` };
}

/** `capabilities()` is read at each search: the store behind it is re-probed in the background. */
export function capabilityGate(capabilities: () => Capabilities | undefined): Interceptor {
  return (next) =>
    withSearch(next, async (request) => {
      const known = capabilities();
      if (known) {
        const missing = indexesUsed(request.query).filter((index) => !known.indexes.includes(index));
        if (missing.length > 0) {
          const notice = unsupportedNotice(missing);
          throw new TargetError(gatewayDiagnostic('unsupported', notice.en, `capabilities from ${known.source} at ${known.at}`), 'skipped', { skip: notice });
        }
      }
      return next.search(request);
    });
}
